/**
 * Watches and time: a closure of the port of Aktau written ahead of its start changes nothing when it is written,
 * sends a signed webhook when it comes into force, and another when it ends, with no write at either moment;
 * one that came into force while no server ran is noticed at start. On SQLite (one server) and on PostgreSQL
 * (two replicas whose timers fire together: one delivery per change). Real timers, a real store, a real HTTPS
 * receiver; the servers' clock is the system clock shifted (by the test, before anything waits on it) to a
 * few seconds before a departure step, so that the instants are seconds away. And a closure of Aktau days
 * down the route of a watch from Xi'an: sent when cargo leaving then would first reach Aktau inside it, days
 * before it starts, and again when cargo leaving then would reach Aktau after it ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisruptionSchema, findRoutes, loadNetwork, type Network } from '../../src/domain/index.js';
import { DEPARTURE_STEP_MS } from '../../src/http/serving/live-context.js';
import type { StoreLocation } from '../../src/state/index.js';
import { verifyWebhook } from '../../src/watches/index.js';
import { type HttpsReceiver, type ReceivedWebhook, startHttpsReceiver } from '../helpers/https-receiver.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';
import { startTestPostgres, type TestPostgres } from '../helpers/test-postgres.js';
import { startWatchReplica, type WatchReplica } from '../helpers/watch-replica.js';

/** The system clock shifted by `offset` ms; `set` shifts it so that it reads `at` now. */
class ShiftedClock {
  private offset = 0;
  readonly now = () => new Date(Date.now() + this.offset);
  set(at: number): this {
    this.offset = at - Date.now();
    return this;
  }
  /** What the clock read when the system clock read `systemMs`. */
  at(systemMs: number): number {
    return systemMs + this.offset;
  }
}

type Replica = WatchReplica;

let network: Network;
let receiver: HttpsReceiver;

const startReplica = (location: StoreLocation, clock: ShiftedClock): Promise<Replica> =>
  startWatchReplica(network, location, { ca: receiver.cert, clock: clock.now });

const startReplicas = (location: StoreLocation, clock: ShiftedClock, count: number) =>
  Promise.all(Array.from({ length: count }, () => startReplica(location, clock)));
const closeAll = (replicas: Replica[]) => Promise.all(replicas.map((r) => r.close()));

const AKTAU_DUISBURG = { origin: 'KZ_AKTAU', destination: 'DE_DUISBURG', avoid: ['RU', 'BY'] };

interface Answer {
  outcome: 'route' | 'none';
  route?: { legs: { from: string; to: string; mode: string; sea?: string }[] };
  problem?: { code: string; blockedBy?: { kind: string; value: string }[] };
}
/** Whether the route leaves Aktau on the Caspian ferry to Alat (legs name their sea as the network does). */
const sails = (answer: Answer) => {
  const first = answer.route?.legs[0];
  return first?.mode === 'ferry' && first.to === 'AZ_ALAT' && first.sea === 'Caspian Sea';
};
/** Whether there is no route, because of the closure `id`. */
const blockedBy = (answer: Answer, id: string) =>
  answer.outcome === 'none' &&
  answer.problem?.code === 'NO_ROUTE' &&
  (answer.problem.blockedBy ?? []).some((b) => b.kind === 'disruption' && b.value === id);

/**
 * The port of Aktau closed: a cargo leaving from it has no route while the closure is in force, and at the
 * instant it comes into force and the instant it ends (departures are not held at the port for it to open).
 */
const aktauClosure = (startsAt: number, endsAt: number | null) => ({
  target: { kind: 'node', id: 'KZ_AKTAU' },
  effect: 'closed',
  startsAt: new Date(startsAt).toISOString(),
  endsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
  reason: 'north-west storm, port closed',
  source: 'https://example.org/notices/aktau',
});

async function postClosure(app: FastifyInstance, key: string, body: object): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/disruptions',
    headers: { authorization: `Bearer ${key}` },
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return (response.json() as { id: string }).id;
}

/** The webhook's body, after checking its signature. */
function signedBody(hook: ReceivedWebhook | undefined, secret: string) {
  if (!hook) throw new Error('no webhook');
  const headers = {
    id: String(hook.headers['webhook-id']),
    timestamp: String(hook.headers['webhook-timestamp']),
    signature: String(hook.headers['webhook-signature']),
  };
  expect(verifyWebhook(secret, headers, hook.body)).toBe(true);
  const body = JSON.parse(hook.body) as {
    id: string;
    watchId: string;
    occurredAt: string;
    previous: Answer;
    current: Answer;
  };
  expect(body.id).toBe(headers.id);
  return body;
}

/** Waits (bounded) until `condition` holds. */
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition() && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 20));
}

/** A departure step (epoch ms) at least `ahead` ms from now. */
const stepAhead = (ahead: number) => Math.ceil((Date.now() + ahead) / DEPARTURE_STEP_MS) * DEPARTURE_STEP_MS;

beforeAll(async () => {
  network = loadNetwork(EMBEDDED_DIR);
  receiver = await startHttpsReceiver();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
});

let tmp: string | undefined;
let postgres: TestPostgres | undefined;
const engines = [
  {
    name: 'SQLite, one server',
    replicas: 1,
    async setUp(): Promise<StoreLocation> {
      tmp = mkdtempSync(join(tmpdir(), 'efr-watch-timers-'));
      return { engine: 'sqlite', path: join(tmp, 'state.sqlite') };
    },
    async tearDown() {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  },
  {
    name: 'PostgreSQL, two replicas',
    replicas: 2,
    async setUp(): Promise<StoreLocation> {
      postgres = await startTestPostgres();
      return { engine: 'postgres', url: postgres.url };
    },
    async tearDown() {
      await postgres?.stop();
    },
  },
];

describe.each(engines)('timed watch changes on $name', (engine) => {
  let location: StoreLocation;
  /** The replicas running, closed before the store goes even when an assertion fails. */
  let replicas: Replica[] = [];
  beforeAll(async () => {
    location = await engine.setUp();
  }, 120_000);
  afterAll(async () => {
    await closeAll(replicas);
    await engine.tearDown();
  }, 60_000);

  it('sends when a closure written ahead comes into force and when it ends, once each, and notices one that started while down', async () => {
    receiver.received.length = 0;
    const clock = new ShiftedClock();
    // A departure step: the closure comes into force there (an hour ahead of the real clock, to be clear of it).
    const start = stepAhead(3_600_000);
    const end = start + 3 * 86_400_000;

    // 1. Written ahead of its start: nothing changes yet; at its start, one webhook.
    replicas = await startReplicas(location, clock, engine.replicas);
    const [first] = replicas as [Replica];
    const watchKey = (await first.live.store.keys.create('forwarder', ['watches:write'])).key;
    const opsKey = (await first.live.store.keys.create('ops-desk', ['disruptions:write'])).key;
    // Nothing waits on the clock yet (no disruption is stored): set it to five seconds before the start.
    clock.set(start - 5_000);
    const created = await first.app.inject({
      method: 'POST',
      url: '/watches',
      headers: { authorization: `Bearer ${watchKey}` },
      payload: { query: AKTAU_DUISBURG, callbackUrl: receiver.url },
    });
    expect(created.statusCode).toBe(201);
    const watch = created.json() as { id: string; secret: string; answer: Answer };
    expect(sails(watch.answer)).toBe(true);
    const closure = await postClosure(first.app, opsKey, aktauClosure(start, end));
    // Every replica has the closure (the others through NOTIFY) and waits for its start.
    await until(() => replicas.every((r) => r.watches.timer.nextAt === start));
    await Promise.all(replicas.map((r) => r.watches.evaluator.idle()));
    expect(await first.live.store.watches.deliveries(watch.id)).toEqual([]);
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(start);
    expect(clock.now().getTime()).toBeLessThan(start);

    const [inForce] = await receiver.waitFor(1);
    const body = signedBody(inForce, watch.secret);
    expect(clock.at(inForce?.at ?? 0)).toBeGreaterThanOrEqual(start);
    expect(Date.parse(body.occurredAt)).toBeGreaterThanOrEqual(start);
    expect(body.watchId).toBe(watch.id);
    expect(sails(body.previous)).toBe(true);
    expect(blockedBy(body.current, closure)).toBe(true);
    // Every replica's timer fired: still one delivery.
    await new Promise((r) => setTimeout(r, 1_000));
    await Promise.all(replicas.map((r) => r.watches.evaluator.idle()));
    expect(receiver.received).toHaveLength(1);
    expect(await first.live.store.watches.deliveries(watch.id)).toHaveLength(1);
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(end);
    await closeAll(replicas.splice(0));

    // 2. Restarted before the closure's end: the timer is armed again at start, and its end sends.
    const later = new ShiftedClock().set(end - 6_000);
    replicas = await startReplicas(location, later, engine.replicas);
    const [second] = replicas as [Replica];
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(end);
    expect(receiver.received).toHaveLength(1);
    // Another closure, from ten minutes after the end, with no end: it changes nothing before it starts.
    const next = await postClosure(second.app, opsKey, aktauClosure(end + 10 * 60_000, null));
    const [, ended] = await receiver.waitFor(2);
    const endBody = signedBody(ended, watch.secret);
    expect(later.at(ended?.at ?? 0)).toBeGreaterThanOrEqual(end);
    expect(blockedBy(endBody.previous, closure)).toBe(true);
    expect(sails(endBody.current)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toHaveLength(2);
    await closeAll(replicas.splice(0));

    // 3. The second closure came into force while no server ran: noticed at start.
    const afterwards = new ShiftedClock().set(end + 12 * 60_000);
    replicas = await startReplicas(location, afterwards, engine.replicas);
    {
      const [, , noticed] = await receiver.waitFor(3);
      const noticedBody = signedBody(noticed, watch.secret);
      expect(sails(noticedBody.previous)).toBe(true);
      expect(blockedBy(noticedBody.current, next)).toBe(true);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(receiver.received).toHaveLength(3);
      const deliveries = await (replicas[0] as Replica).live.store.watches.deliveries(watch.id);
      expect(deliveries).toHaveLength(3);
      expect(new Set(receiver.received.map((h) => h.headers['webhook-id'])).size).toBe(3);
      // Open-ended and started: nothing more is ahead.
      for (const r of replicas) expect(r.watches.timer.nextAt).toBeUndefined();
    }
    await closeAll(replicas.splice(0));
  }, 90_000);
});

const XIAN_DUISBURG = { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] };
/** Whether the route passes the port of Aktau. */
const viaAktau = (answer: Answer) => (answer.route?.legs ?? []).some((l) => l.from === 'KZ_AKTAU');

/**
 * Hours from Xi'an to the port of Aktau on the watch's route (from `reachedAt` of a small delay there, which
 * is reported from the arrival at the port and leaves the route as it is).
 */
function hoursToAktau(departMs: number): number {
  const probe = DisruptionSchema.parse({
    id: 'probe',
    version: 1,
    target: { kind: 'node', id: 'KZ_AKTAU' },
    effect: 'delay',
    extraHours: 0.1,
    startsAt: '2000-01-01T00:00:00Z',
    endsAt: null,
    reason: 'probe',
    source: 'https://example.org/probe',
  });
  const plan = findRoutes(network, "Xi'an", 'Duisburg', {
    avoid: ['RU', 'BY'],
    disruptions: [probe],
    departAt: new Date(departMs),
  });
  const met = plan.routes[0]?.disruptions.find((d) => d.id === 'probe');
  if (!met) throw new Error("the route from Xi'an does not pass Aktau");
  return (Date.parse(met.reachedAt) - departMs) / 3_600_000;
}

/** The best route of /routes for cargo leaving at `departMs`, as legs. */
async function routeLeaving(app: FastifyInstance, departMs: number) {
  const response = await app.inject({
    method: 'GET',
    url: '/routes',
    query: {
      ...XIAN_DUISBURG,
      avoid: 'RU,BY',
      departAt: new Date(departMs).toISOString(),
      alternatives: '0',
    },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json() as { routes: { legs: { from: { id: string } }[] }[] };
  return (body.routes[0]?.legs ?? []).map((l) => l.from.id);
}

describe.each(engines)('a closure days down the route on $name', (engine) => {
  let location: StoreLocation;
  let replicas: Replica[] = [];
  beforeAll(async () => {
    location = await engine.setUp();
  }, 120_000);
  afterAll(async () => {
    await closeAll(replicas);
    await engine.tearDown();
  }, 60_000);

  it('is sent when cargo leaving then would first meet it, days before its start, and when it would no longer', async () => {
    receiver.received.length = 0;
    const clock = new ShiftedClock();
    // The departure step at which cargo leaving Xi'an first reaches Aktau inside the closure.
    const meets = stepAhead(3_600_000);
    const hours = hoursToAktau(meets);
    expect(hours).toBeGreaterThan(5 * 24);
    // The closure starts that many hours after `meets`, less four minutes (rounded up to the second): cargo
    // leaving at the step before arrives before it, cargo leaving at `meets` four minutes after it.
    const starts = meets - 4 * 60_000 + Math.ceil((hours * 3_600_000) / 1_000) * 1_000;
    const ends = starts + 2 * 86_400_000;
    const returns = meets + 2 * 86_400_000;

    replicas = await startReplicas(location, clock, engine.replicas);
    const [first] = replicas as [Replica];
    const watchKey = (await first.live.store.keys.create('forwarder', ['watches:write'])).key;
    const opsKey = (await first.live.store.keys.create('ops-desk', ['disruptions:write'])).key;
    clock.set(meets - 8_000);
    const created = await first.app.inject({
      method: 'POST',
      url: '/watches',
      headers: { authorization: `Bearer ${watchKey}` },
      payload: { query: XIAN_DUISBURG, callbackUrl: receiver.url },
    });
    expect(created.statusCode).toBe(201);
    const watch = created.json() as { id: string; secret: string; answer: Answer };
    expect(viaAktau(watch.answer)).toBe(true);
    const closure = await postClosure(first.app, opsKey, aktauClosure(starts, ends));
    // /routes agrees on the instant: cargo leaving a step before `meets` still sails from Aktau, from it not.
    expect(await routeLeaving(first.app, meets - DEPARTURE_STEP_MS)).toContain('KZ_AKTAU');
    expect(await routeLeaving(first.app, meets)).not.toContain('KZ_AKTAU');
    // Every replica waits for `meets`, days before the closure's start.
    await until(() => replicas.every((r) => r.watches.timer.nextAt === meets));
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(meets);
    expect(starts - meets).toBeGreaterThan(5 * 86_400_000);
    expect(await first.live.store.watches.deliveries(watch.id)).toEqual([]);

    const [moved] = await receiver.waitFor(1, 20_000);
    const body = signedBody(moved, watch.secret);
    const receivedAt = clock.at(moved?.at ?? 0);
    expect(receivedAt).toBeGreaterThanOrEqual(meets);
    expect(receivedAt).toBeLessThan(meets + 60_000);
    expect(Date.parse(body.occurredAt)).toBeGreaterThanOrEqual(meets);
    expect(viaAktau(body.previous)).toBe(true);
    expect(viaAktau(body.current)).toBe(false);
    expect(body.current.outcome).toBe('route');
    // Moved off its route by the closure, which is named as avoided.
    expect((body.current as { disruptionsAvoided?: string[] }).disruptionsAvoided).toEqual([closure]);
    await new Promise((r) => setTimeout(r, 1_000));
    await Promise.all(replicas.map((r) => r.watches.evaluator.idle()));
    expect(receiver.received).toHaveLength(1);
    // Moved off Aktau: next, the departure from which cargo reaches Aktau after the closure's end.
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(returns);
    await closeAll(replicas.splice(0));

    // Restarted shortly before: the route comes back via Aktau at `returns`, two days before the closure ends.
    const later = new ShiftedClock().set(returns - 8_000);
    replicas = await startReplicas(location, later, engine.replicas);
    for (const r of replicas) expect(r.watches.timer.nextAt).toBe(returns);
    const [, back] = await receiver.waitFor(2, 20_000);
    const backBody = signedBody(back, watch.secret);
    expect(later.at(back?.at ?? 0)).toBeGreaterThanOrEqual(returns);
    expect(later.at(back?.at ?? 0)).toBeLessThan(ends - 86_400_000);
    expect(viaAktau(backBody.previous)).toBe(false);
    expect(viaAktau(backBody.current)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toHaveLength(2);
    await closeAll(replicas.splice(0));
  }, 90_000);
});

describe('a closure coming into force while PostgreSQL is down', () => {
  let pg: TestPostgres | undefined;
  let replica: Replica | undefined;
  beforeAll(async () => {
    pg = await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    await pg?.stop();
  }, 60_000);

  it('is sent once the store is back', { timeout: 90_000 }, async () => {
    if (!pg?.pause || !pg.resume) return expect(process.env.TEST_DATABASE_URL).toBeDefined();
    receiver.received.length = 0;
    const clock = new ShiftedClock();
    const start = stepAhead(3_600_000);
    replica = await startReplica({ engine: 'postgres', url: pg.url }, clock);
    const watchKey = (await replica.live.store.keys.create('forwarder', ['watches:write'])).key;
    const opsKey = (await replica.live.store.keys.create('ops-desk', ['disruptions:write'])).key;
    clock.set(start - 10_000);
    const watch = (
      await replica.app.inject({
        method: 'POST',
        url: '/watches',
        headers: { authorization: `Bearer ${watchKey}` },
        payload: { query: AKTAU_DUISBURG, callbackUrl: receiver.url },
      })
    ).json() as { id: string; secret: string };
    const closure = await postClosure(replica.app, opsKey, aktauClosure(start, null));
    await replica.watches.evaluator.idle();
    expect(replica.watches.timer.nextAt).toBe(start);

    await pg.pause();
    let resumedAt: number;
    try {
      expect(clock.now().getTime()).toBeLessThan(start);
      // The timer fires while the store is down: the evaluation cannot even list the watches.
      await until(() => replica?.watches.timer.nextAt === undefined, 20_000);
      expect(clock.now().getTime()).toBeGreaterThanOrEqual(start);
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);
    } finally {
      await pg.resume();
      resumedAt = Date.now();
    }
    const [hook] = await receiver.waitFor(1, 30_000);
    expect(hook?.at ?? 0).toBeGreaterThanOrEqual(resumedAt);
    const body = signedBody(hook, watch.secret);
    expect(sails(body.previous)).toBe(true);
    expect(blockedBy(body.current, closure)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toHaveLength(1);
  });
});
