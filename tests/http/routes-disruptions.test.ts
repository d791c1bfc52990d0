/**
 * /routes with a live state: closures and delays change the answer, the cache never serves an answer made
 * before a change, `ignoreDisruptions` plans on the static network, NO_ROUTE names closures, and worker
 * threads plan exactly as the event loop does (their jobs carry the snapshot).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import {
  type Disruption,
  DisruptionSchema,
  type LiveState,
  type LiveStateSource,
} from '../../src/domain/index.js';
import type { RouteWorkerPool } from '../../src/http/serving/route-worker-pool.js';
import { type PooledApps, startPooledApps } from '../helpers/pooled-apps.js';
import { fixtureNetwork } from '../helpers/test-app.js';

const NOW = new Date('2026-12-01T09:37:12Z');
const clock = () => NOW;

function disruption(
  id: string,
  fields: Partial<Disruption> & Pick<Disruption, 'target' | 'effect'>,
): Disruption {
  return DisruptionSchema.parse({
    id,
    version: 1,
    startsAt: '2026-11-30T00:00:00Z',
    endsAt: null,
    reason: `reported ${id}`,
    source: 'https://example.org/notices/1',
    ...fields,
  });
}

const PORT_SHUT = disruption('turkmenbashi-storm', {
  target: { kind: 'node', id: 'TM_TURKMENBASHI' },
  effect: 'closed',
});
const CASPIAN_SHUT = disruption('caspian-storm', {
  target: { kind: 'sea', id: 'caspian' },
  effect: 'closed',
});
const KZ_QUEUE = disruption('kz-queue', {
  target: { kind: 'country', id: 'KZ' },
  effect: 'delay',
  extraHours: 48,
});

/** A live state that tests change between requests, as the store's mirror would. */
class TestLiveState implements LiveStateSource {
  private state: LiveState = { version: '1', disruptions: [] };
  current(): LiveState {
    return this.state;
  }
  set(disruptions: Disruption[]): void {
    this.state = { version: String(Number(this.state.version) + 1), disruptions };
  }
}

const XIAN_DUISBURG = '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY';
const ferryFrom = (body: { routes: { ferries: { from: { id: string } }[] }[] }) =>
  body.routes[0]?.ferries.map((f) => f.from.id);

describe('/routes with disruptions', () => {
  const live = new TestLiveState();
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ network: fixtureNetwork(), liveState: live, clock });
  });
  afterAll(() => app.close());

  it('routes round a closure, lists it in disruptionsAvoided and never serves an answer cached before a change', async () => {
    live.set([]);
    const before = await app.inject(XIAN_DUISBURG);
    expect(before.statusCode).toBe(200);
    expect(ferryFrom(before.json())).toEqual(['TM_TURKMENBASHI', 'GE_POTI']);
    expect((await app.inject(XIAN_DUISBURG)).headers['x-cache']).toBe('hit');

    live.set([PORT_SHUT]);
    const after = await app.inject(XIAN_DUISBURG);
    expect(after.headers['x-cache']).toBe('miss');
    const body = after.json();
    expect(ferryFrom(body)).toEqual(['KZ_AKTAU', 'GE_POTI']);
    expect(body.disruptionsAvoided).toEqual([
      expect.objectContaining({
        id: 'turkmenbashi-storm',
        effect: 'closed',
        target: { kind: 'node', id: 'TM_TURKMENBASHI' },
      }),
    ]);
    // Departures are timed from now rounded down to 5 minutes.
    expect(body.departAt).toBe('2026-12-01T09:35:00.000Z');
    // The same query spelt another way is a canonical-key hit under the new state, with the new answer.
    const other = await app.inject('/routes?origin=xian&destination=Duisburg&avoid=BY,RU');
    expect(other.headers['x-cache']).toBe('hit');
    expect(other.body).toBe(after.body);

    live.set([]);
    const reopened = await app.inject(XIAN_DUISBURG);
    expect(reopened.headers['x-cache']).toBe('miss');
    expect(ferryFrom(reopened.json())).toEqual(['TM_TURKMENBASHI', 'GE_POTI']);
    expect(reopened.json().disruptionsAvoided).toEqual([]);
  });

  it('plans on the static network with ignoreDisruptions=true', async () => {
    live.set([PORT_SHUT]);
    const res = await app.inject(`${XIAN_DUISBURG}&ignoreDisruptions=true`);
    expect(res.statusCode).toBe(200);
    expect(ferryFrom(res.json())).toEqual(['TM_TURKMENBASHI', 'GE_POTI']);
    expect(res.json().disruptionsAvoided).toEqual([]);
    expect(res.json().departAt).toBeUndefined();
  });

  it('lists the delays a route passes with the hours they add', async () => {
    live.set([]);
    const plain = (await app.inject(XIAN_DUISBURG)).json();
    live.set([KZ_QUEUE]);
    const res = await app.inject(XIAN_DUISBURG);
    const route = res.json().routes[0];
    // Entering KZ at Dostyk and leaving it for Turkmenbashi: two border crossings, 48 h each.
    expect(route.disruptions).toEqual([
      expect.objectContaining({ id: 'kz-queue', effect: 'delay', extraHours: 48, addedHours: 96 }),
    ]);
    expect(route.durationHours).toBeCloseTo(plain.routes[0].durationHours + 96, 5);
  });

  it('names a closure in NO_ROUTE like any constraint', async () => {
    live.set([CASPIAN_SHUT]);
    const res = await app.inject(`${XIAN_DUISBURG},IR`);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('NO_ROUTE');
    expect(problem.blockedBy).toContainEqual({ kind: 'disruption', value: 'caspian-storm' });
    expect(problem.relaxations).toContainEqual({ allow: [{ kind: 'disruption', value: 'caspian-storm' }] });
    expect(problem.detail).toContain('closure caspian-storm');
  });

  it('refuses an ignoreDisruptions that is not true or false, naming it', async () => {
    const res = await app.inject(`${XIAN_DUISBURG}&ignoreDisruptions=yes`);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_PARAMETER');
    expect(res.json().parameter).toBe('ignoreDisruptions');
  });
});

describe('/routes with disruptions planned in worker threads', () => {
  const live: LiveStateSource = { current: () => ({ version: 'w1', disruptions: [PORT_SHUT, KZ_QUEUE] }) };
  let apps: PooledApps;
  let pool: RouteWorkerPool;
  let pooled: PooledApps['pooled'];
  let inProcess: PooledApps['inProcess'];
  beforeAll(async () => {
    apps = await startPooledApps({ liveState: live, clock });
    ({ pool, pooled, inProcess } = apps);
  }, 60_000);
  afterAll(() => apps?.close());

  it('answers exactly as in-process planning with the same snapshot', async () => {
    expect(pool.readyWorkers).toBe(1);
    for (const url of [XIAN_DUISBURG, `${XIAN_DUISBURG},IR&avoidSeas=black-sea`, `${XIAN_DUISBURG},IR,TM`]) {
      const reference = await inProcess.inject(url);
      const res = await pooled.inject(url);
      expect(res.statusCode, url).toBe(reference.statusCode);
      expect(res.body, url).toBe(reference.body);
    }
    expect((await pooled.inject(XIAN_DUISBURG)).json().disruptionsAvoided[0]?.id).toBe('turkmenbashi-storm');
  });
});
