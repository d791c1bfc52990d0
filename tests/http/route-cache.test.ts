import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { LiveContextReader } from '../../src/http/serving/live-context.js';
import { canonicalRouteKey, RouteCache } from '../../src/http/serving/route-cache.js';
import type { RouteWorkerPool } from '../../src/http/serving/route-worker-pool.js';
import { DEFAULT_WORKER_NICE } from '../../src/http/serving/thread-priority.js';
import { type PooledApps, startPooledApps } from '../helpers/pooled-apps.js';
import { fixtureNetwork } from '../helpers/test-app.js';
import { CAN_RENICE, niceOfThread } from '../helpers/threads.js';

const QUERIES = [
  "/routes?origin=Xi'an&destination=Duisburg",
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&optimize=time',
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=BLR&avoid=RUS&alternatives=2&cargoTonnes=20',
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&format=geojson',
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY,GE,IR',
  '/routes?origin=Nowhere&destination=DE_DUISBURG',
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=XX',
  '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoidd=RU',
];

describe('/routes answer cache', () => {
  let cached: Awaited<ReturnType<typeof buildApp>>;
  let uncached: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    cached = await buildApp({ network: fixtureNetwork(), routeCacheSize: 100 });
    uncached = await buildApp({ network: fixtureNetwork(), routeCacheSize: 0 });
  });
  afterAll(async () => {
    await cached.close();
    await uncached.close();
  });

  it('answers a repeated query from the cache with the same status, type and body as without a cache', async () => {
    for (const url of QUERIES) {
      const reference = await uncached.inject(url);
      const first = await cached.inject(url);
      const second = await cached.inject(url);
      for (const res of [first, second]) {
        expect(res.statusCode, url).toBe(reference.statusCode);
        expect(res.headers['content-type'], url).toBe(reference.headers['content-type']);
        if (reference.statusCode === 200) expect(res.body, url).toBe(reference.body);
        else expect(res.json().code, url).toBe(reference.json().code);
      }
      if (reference.statusCode === 200) {
        expect(first.headers['x-cache'], url).toBe('miss');
        expect(second.headers['x-cache'], url).toBe('hit');
      } else {
        expect(second.headers['x-cache'], url).toBeUndefined();
      }
    }
  });

  it('shares one entry between spellings of the same request (names, code forms, order of avoid)', async () => {
    const a = await cached.inject('/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&optimize=co2');
    const b = await cached.inject(
      "/routes?origin=xi'an&destination=Duisburg&avoid=BLR&avoid=RUS&optimize=co2",
    );
    expect(a.headers['x-cache']).toBe('miss');
    expect(b.headers['x-cache']).toBe('hit');
    expect(b.body).toBe(a.body);
    const other = await cached.inject(
      '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&optimize=time',
    );
    expect(JSON.parse(other.body).optimize).toBe('time');
  });

  it('keys canonical forms so that they never equal a request URL (both share one cache)', () => {
    const network = fixtureNetwork();
    for (const query of [
      { origin: 'CN_XIAN', destination: 'DE_DUISBURG' },
      { origin: "xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'], optimize: 'time' as const },
    ]) {
      const key = canonicalRouteKey(network, query, new LiveContextReader().read());
      expect(key?.startsWith('[')).toBe(true);
    }
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const cache = new RouteCache(2);
    const answer = (body: string) => ({ contentType: 'text/plain', body: Buffer.from(body) });
    cache.set('a', answer('A'));
    cache.set('b', answer('B'));
    expect(cache.get('a')?.body.toString()).toBe('A');
    cache.set('c', answer('C'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body.toString()).toBe('A');
    expect(cache.get('c')?.body.toString()).toBe('C');
    expect(cache.size).toBe(2);
    const off = new RouteCache(0);
    off.set('a', answer('A'));
    expect(off.get('a')).toBeUndefined();
  });

  it('reads ROUTE_CACHE_SIZE and ROUTE_WORKERS from the environment and rejects bad values', () => {
    expect(loadConfig({}).ROUTE_CACHE_SIZE).toBe(10_000);
    expect(loadConfig({ ROUTE_CACHE_SIZE: '0' }).ROUTE_CACHE_SIZE).toBe(0);
    expect(loadConfig({}).ROUTE_WORKERS).toBe('auto');
    expect(loadConfig({ ROUTE_WORKERS: '2' }).ROUTE_WORKERS).toBe(2);
    expect(() => loadConfig({ ROUTE_CACHE_SIZE: '-1' })).toThrow(/ROUTE_CACHE_SIZE/);
    expect(() => loadConfig({ ROUTE_CACHE_SIZE: 'lots' })).toThrow(/ROUTE_CACHE_SIZE/);
    expect(() => loadConfig({ ROUTE_WORKERS: 'many' })).toThrow(/ROUTE_WORKERS/);
    expect(loadConfig({}).ROUTE_WORKER_NICE).toBe(DEFAULT_WORKER_NICE);
    expect(loadConfig({ ROUTE_WORKER_NICE: '0' }).ROUTE_WORKER_NICE).toBe(0);
    expect(() => loadConfig({ ROUTE_WORKER_NICE: '20' })).toThrow(/ROUTE_WORKER_NICE/);
    expect(() => loadConfig({ ROUTE_WORKER_NICE: '-1' })).toThrow(/ROUTE_WORKER_NICE/);
  });
});

describe('/routes planned in worker threads', () => {
  let apps: PooledApps;
  let pool: RouteWorkerPool;
  let pooled: PooledApps['pooled'];
  let inProcess: PooledApps['inProcess'];
  beforeAll(async () => {
    apps = await startPooledApps();
    ({ pool, pooled, inProcess } = apps);
  }, 60_000);
  afterAll(() => apps?.close());

  it('answers exactly as in-process planning, errors included', async () => {
    expect(pool.readyWorkers).toBe(1);
    const sizes: number[] = [];
    for (const url of QUERIES) {
      const reference = await inProcess.inject(url);
      const res = await pooled.inject(url);
      expect(res.statusCode, url).toBe(reference.statusCode);
      expect(res.headers['content-type'], url).toBe(reference.headers['content-type']);
      expect(res.body, url).toBe(reference.body);
      if (res.statusCode === 200) sizes.push(res.rawPayload.length);
    }
    // Both ways a body comes back from a worker: small ones copied (Node pools buffers under 4 KiB), large
    // ones handed over with their memory.
    expect(Math.min(...sizes)).toBeLessThan(4096);
    expect(Math.max(...sizes)).toBeGreaterThan(4096);
  });

  it.runIf(CAN_RENICE)(
    'plans at a lower scheduling priority than the event loop, in the worker thread only',
    () => {
      const loop = getPriority();
      const steps = Math.min(19, loop + DEFAULT_WORKER_NICE) - loop;
      expect(pool.workerNiceSteps).toEqual([steps]);
      const others = readdirSync('/proc/self/task')
        .map(niceOfThread)
        .filter((n) => n !== undefined && n !== loop);
      expect(others).toEqual([loop + steps]);
    },
  );
});
