/**
 * Worker-thread planning against in-process planning: two apps over the fixture network, one planning /routes
 * in a pool of one route worker, the other in its own thread, both without the route cache and otherwise
 * built alike, so that their answers can be compared byte for byte.
 */
import { type BuildAppOptions, buildApp } from '../../src/app.js';
import { type RouteWorkerPool, startRouteWorkerPool } from '../../src/http/serving/route-worker-pool.js';
import { FIXTURE_DIR, fixtureNetwork } from './test-app.js';

type App = Awaited<ReturnType<typeof buildApp>>;

export interface PooledApps {
  pool: RouteWorkerPool;
  pooled: App;
  inProcess: App;
  close(): Promise<void>;
}

/** Starts the pool (ready) and both apps, each with `options` (a live state, a clock). */
export async function startPooledApps(options: Partial<BuildAppOptions> = {}): Promise<PooledApps> {
  const pool = startRouteWorkerPool(fixtureNetwork(), FIXTURE_DIR, 1);
  await pool.ready;
  const common = { ...options, network: fixtureNetwork(), routeCacheSize: 0 };
  const pooled = await buildApp({ ...common, routePlanner: pool.planner });
  const inProcess = await buildApp(common);
  return {
    pool,
    pooled,
    inProcess,
    async close() {
      await pooled.close();
      await inProcess.close();
      await pool.close();
    },
  };
}
