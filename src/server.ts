/**
 * Entry point: reads the configuration, loads and validates the network (refusing to start on bad data),
 * listens, and shuts down gracefully on SIGTERM/SIGINT.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { loadNetwork, NetworkDataError } from './domain/index.js';
import { routeWorkerCount, startRouteWorkerPool } from './http/route-worker-pool.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  const network = loadNetwork(config.GRAPH_DATA_DIR);
  const loadMs = Math.round(performance.now() - started);
  // Uncached /routes queries on a large network are planned in worker threads (each loads the same data).
  const workers = routeWorkerCount(config.ROUTE_WORKERS, network.nodes.length);
  const pool =
    workers > 0
      ? startRouteWorkerPool(network, config.GRAPH_DATA_DIR, workers, (m) => process.stderr.write(`${m}\n`))
      : undefined;
  const app = await buildApp({
    network,
    logger: { level: config.LOG_LEVEL },
    routeCacheSize: config.ROUTE_CACHE_SIZE,
    ...(pool ? { routePlanner: pool.planner } : {}),
  });
  app.log.info(
    {
      nodes: network.nodes.length,
      links: network.links.length,
      dataVersion: network.dataVersion,
      loadMs,
      routeWorkers: workers,
      routeCacheSize: config.ROUTE_CACHE_SIZE,
    },
    `network loaded from ${config.GRAPH_DATA_DIR}`,
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error while closing');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  if (error instanceof NetworkDataError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
