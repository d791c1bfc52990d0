/**
 * Where watches are planned: through the route worker pool (real worker threads over the embedded network),
 * with the answers planned in this thread, and with watches the saturated pool refused planned again later;
 * in this thread, one watch per turn of the event loop, so that other work runs between two watches.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetwork, type Network } from '../../src/domain/index.js';
import type { RoutePlanner } from '../../src/http/serving/route-planner.js';
import { type RouteWorkerPool, startRouteWorkerPool } from '../../src/http/serving/route-worker-pool.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import { storedWatchQuery, WatchEvaluator } from '../../src/watches/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let network: Network;
let dir: string;
let live: LiveStateHandle;
let pool: RouteWorkerPool;

const QUERIES: Record<string, string | string[]>[] = [
  { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] },
  { origin: 'Chongqing', destination: 'Duisburg', avoid: ['RU', 'BY'], optimize: 'time' },
  { origin: 'Chengdu', destination: 'Lodz', avoid: ['RU', 'BY'] },
  { origin: 'KZ_AKTAU', destination: 'DE_DUISBURG', avoid: ['RU', 'BY'] },
  { origin: "Xi'an", destination: 'Budapest', avoid: ['RU', 'BY', 'IR'] },
  { origin: 'Urumqi', destination: 'Istanbul', avoid: ['RU', 'BY'], departAt: '2026-12-10' },
];

beforeAll(async () => {
  network = loadNetwork(EMBEDDED_DIR);
  dir = mkdtempSync(join(tmpdir(), 'efr-watch-evaluator-'));
  live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
  // One worker that takes one job at a time: four watches in flight are three too many.
  pool = startRouteWorkerPool(network, EMBEDDED_DIR, 1, { maxPending: 1, jobTimeoutMs: 60_000 });
  await pool.ready;
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await live?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function freshWatches(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await live.store.watches.create({
      apiKeyId: 'key-a',
      createdBy: 'forwarder',
      query: QUERIES[i % QUERIES.length] ?? {},
      callbackUrl: 'https://hooks.example.com/freight',
      fingerprint: 'unplanned',
      answer: {},
      stateVersion: 0,
    });
    if (created.kind !== 'created') throw new Error('not created');
    ids.push(created.watch.id);
  }
  return ids;
}

async function removeAll(ids: string[]) {
  for (const id of ids) await live.store.watches.remove(id);
}

describe('watch evaluation', () => {
  it('plans through the worker pool, as in-process planning would, and plans refused watches again', async () => {
    const ids = await freshWatches(QUERIES.length);
    expect(pool.readyWorkers).toBe(1);
    let calls = 0;
    let refusals = 0;
    const planner: RoutePlanner = async (query, context) => {
      calls++;
      try {
        return await pool.planner(query, context);
      } catch (error) {
        if ((error as { code?: string }).code === 'OVERLOADED') refusals++;
        throw error;
      }
    };
    const errors: unknown[] = [];
    const pooled = new WatchEvaluator(network, live.store, live.mirror, {
      planner,
      concurrency: 4,
      retryMs: 50,
      onError: (_id, error) => errors.push(error),
    });
    const local = new WatchEvaluator(network, live.store, live.mirror);
    await pooled.evaluateAll();
    for (let i = 0; i < 200; i++) {
      const watches = await live.store.watches.list();
      if (watches.filter((w) => ids.includes(w.id)).every((w) => w.fingerprint !== 'unplanned')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await pooled.close();
    expect(errors).toEqual([]);
    // The saturated pool refused some (503 OVERLOADED); they were planned in a later round.
    expect(refusals).toBeGreaterThan(0);
    expect(calls).toBeGreaterThanOrEqual(ids.length + refusals);
    for (const id of ids) {
      const watch = await live.store.watches.get(id);
      expect(watch.fingerprint).not.toBe('unplanned');
      const here = await local.answer(storedWatchQuery(watch.query));
      expect(watch.fingerprint).toBe(here.fingerprint);
      expect(watch.answer).toEqual(here.answer);
    }
    await removeAll(ids);
  }, 120_000);

  it('planning in this thread, lets the event loop turn between two watches', async () => {
    const ids = await freshWatches(12);
    let planned = 0;
    const evaluator = new WatchEvaluator(network, live.store, live.mirror, {
      onError: (_id, error) => {
        throw error;
      },
    });
    const original = evaluator.answer.bind(evaluator);
    evaluator.answer = async (query) => {
      const answer = await original(query);
      planned++;
      return answer;
    };
    // A timer due at once stands for a request arriving while the watches are planned.
    const seen = new Promise<number>((resolve) => setTimeout(() => resolve(planned), 0));
    const running = evaluator.evaluateAll();
    const plannedWhenTheTimerRan = await seen;
    await running;
    expect(planned).toBe(12);
    expect(plannedWhenTheTimerRan).toBeLessThan(3);
    await removeAll(ids);
  }, 60_000);
});
