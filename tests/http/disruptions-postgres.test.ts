/**
 * Two servers on one PostgreSQL (replicas): a write through one is in the other's answers within a second;
 * while the database is down, writes are 503 STORE_UNAVAILABLE, reads answer the last known state with a
 * warning, and /health says the store is unreachable.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import { fixtureNetwork } from '../helpers/test-app.js';
import { startTestPostgres, type TestPostgres } from '../helpers/test-postgres.js';

let pg: TestPostgres;
let liveA: LiveStateHandle;
let liveB: LiveStateHandle;
let a: FastifyInstance;
let b: FastifyInstance;
let key: string;

const body = {
  target: { kind: 'sea', id: 'caspian' },
  effect: 'delay',
  extraHours: 48,
  startsAt: '2026-12-01T06:00:00Z',
  reason: 'sailings suspended',
  source: 'https://example.org/asco',
};

beforeAll(async () => {
  pg = await startTestPostgres();
  const location = { engine: 'postgres' as const, url: pg.url };
  liveA = await openLiveState(location, { mirror: { pollMs: 100 } });
  liveB = await openLiveState(location, { mirror: { pollMs: 100 } });
  a = await buildApp({ network: fixtureNetwork(), state: liveA, liveState: liveA.mirror });
  b = await buildApp({ network: fixtureNetwork(), state: liveB, liveState: liveB.mirror });
  key = (await liveA.store.keys.create('replica-test', ['disruptions:write'])).key;
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await liveA?.close();
  await liveB?.close();
  await pg?.stop();
}, 60_000);

describe('replicas on one PostgreSQL', () => {
  it('see each other’s writes within a second', async () => {
    const created = await a.inject({
      method: 'POST',
      url: '/disruptions',
      headers: { authorization: `Bearer ${key}` },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const start = Date.now();
    while (!liveB.mirror.current().disruptions.some((d) => d.id === id) && Date.now() - start < 1_000) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(liveB.mirror.current().disruptions.map((d) => d.id)).toContain(id);
    expect(liveB.mirror.current().version).toBe(liveA.mirror.current().version);
    const listed = (await b.inject({ url: '/disruptions?status=active' })).json();
    expect(listed.disruptions.map((d: { id: string }) => d.id)).toContain(id);
  });

  it('refuse writes with 503 and serve the last known state while the database is down', {
    timeout: 90_000,
  }, async () => {
    if (!pg.pause || !pg.resume) return expect(process.env.TEST_DATABASE_URL).toBeDefined();
    const known = liveB.mirror.current();
    await pg.pause();
    try {
      const write = await b.inject({
        method: 'POST',
        url: '/disruptions',
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
      expect(write.statusCode).toBe(503);
      expect(write.json().code).toBe('STORE_UNAVAILABLE');
      const start = Date.now();
      while (liveB.mirror.health().reachable && Date.now() - start < 5_000)
        await new Promise((r) => setTimeout(r, 20));
      const read = await b.inject({ url: '/disruptions' });
      expect(read.statusCode).toBe(200);
      expect(read.json().warnings[0]).toContain('unreachable');
      expect(read.json().total).toBe(known.disruptions.length);
      const health = (await b.inject({ url: '/health' })).json();
      expect(health.store).toMatchObject({
        engine: 'postgres',
        reachable: false,
        stateVersion: known.version,
      });
      expect(liveB.mirror.current()).toBe(known);
    } finally {
      await pg.resume();
    }
    const start = Date.now();
    while (!liveB.mirror.health().reachable && Date.now() - start < 10_000)
      await new Promise((r) => setTimeout(r, 50));
    expect((await b.inject({ url: '/health' })).json().store.reachable).toBe(true);
  });
});
