/**
 * Entry point: reads the configuration, loads and validates the network (refusing to start on bad data),
 * listens, and shuts down gracefully on SIGTERM/SIGINT.
 */
import { type Config, ConfigError, loadConfig } from './config.js';
import { loadNetwork, type Network, NetworkDataError } from './domain/index.js';

/** The HTTP side (Fastify and its plugins, the state store), loaded only once the data has passed validation. */
async function serving() {
  const [app, close, log, protection, pool, live, store, watches] = await Promise.all([
    import('./app.js'),
    import('./http/plugins/graceful-close.js'),
    import('./http/plugins/log-destination.js'),
    import('./http/plugins/protection-options.js'),
    import('./http/serving/route-worker-pool.js'),
    import('./state/open-live-state.js'),
    import('./state/state-store.js'),
    import('./watches/watch-service.js'),
  ]);
  return { ...app, ...close, ...log, ...protection, ...pool, ...live, ...store, ...watches };
}

/** A start refused for a reason its message says in full (the store's start-up errors), printed as it is. */
class StartRefused extends Error {}

/** Longest time in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_TIMEOUT_MS = 8_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  const network = loadNetwork(config.GRAPH_DATA_DIR);
  const validatedMs = performance.now() - started;
  // The graphology model (node details, GeoJSON, maps): built before listening, so that no request waits for
  // it (0.6 s at 100,000 nodes).
  const { order } = network.buildGraph();
  const loadMs = Math.round(performance.now() - started);
  const graphMs = Math.round(performance.now() - started - validatedMs);
  // Bad data has stopped the start by now, before Fastify and the store drivers are even loaded.
  const http = await serving();
  try {
    await serve(http, config, network, { order, loadMs, graphMs });
  } catch (error) {
    throw error instanceof http.StoreOpenError ? new StartRefused(error.message, { cause: error }) : error;
  }
}

/** Starts the HTTP side on the loaded network: route workers, live state, watches, the app; then listens. */
async function serve(
  http: Awaited<ReturnType<typeof serving>>,
  config: Config,
  network: Network,
  loaded: { order: number; loadMs: number; graphMs: number },
): Promise<void> {
  const { order, loadMs, graphMs } = loaded;
  const {
    buildApp,
    trackConnections,
    logDestination,
    protectionFromConfig,
    routeWorkerCount,
    startRouteWorkerPool,
    openLiveState,
    startWatches,
  } = http;
  // Uncached /routes queries on a large network are planned in worker threads (each loads the same data).
  const workers = routeWorkerCount(config.ROUTE_WORKERS, network.nodes.length);
  const pool =
    workers > 0
      ? startRouteWorkerPool(network, config.GRAPH_DATA_DIR, workers, {
          log: (m) => process.stderr.write(`${m}\n`),
          nice: config.ROUTE_WORKER_NICE,
          jobTimeoutMs: config.ROUTE_JOB_TIMEOUT_MS,
          maxPending: config.ROUTE_WORKER_QUEUE * workers,
        })
      : undefined;
  // The live state (disruptions, API keys): migrated and mirrored before the first request.
  const live = await openLiveState(config.DATABASE_URL);
  // Watches: re-planned on each change of the live state and when a disruption comes into force or ends;
  // their webhooks are sent from every replica, each delivery by one.
  const watches = await startWatches({
    network,
    store: live.store,
    mirror: live.mirror,
    webhooks: { allowPrivate: config.WATCH_ALLOW_PRIVATE_CALLBACKS },
    // Planned where uncached /routes queries are, so that re-planning many watches never holds up requests.
    ...(pool ? { planner: pool.planner } : {}),
  });
  const app = await buildApp({
    network,
    logger: { level: config.LOG_LEVEL, stream: logDestination() },
    state: live,
    liveState: live.mirror,
    watches,
    writeRateLimitMax: config.WRITE_RATE_LIMIT_MAX,
    routeCacheSize: config.ROUTE_CACHE_SIZE,
    ...(pool ? { routePlanner: pool.planner, routeWorkers: () => pool.health() } : {}),
    protection: protectionFromConfig(config),
  });
  app.log.info(
    {
      nodes: order,
      links: network.links.length,
      dataVersion: network.dataVersion,
      loadMs,
      graphMs,
      routeWorkers: workers,
      routeCacheSize: config.ROUTE_CACHE_SIZE,
      store: live.store.description,
      stateVersion: live.mirror.current().version,
    },
    `network loaded from ${config.GRAPH_DATA_DIR}`,
  );

  const connections = trackConnections(app.server);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining the backlog, finishing requests in flight');
    // From now on requests in flight are answered with Connection: close and new ones get a 503 with
    // Retry-After. The listener stays open until the accept backlog is drained (closing it would reset the
    // connections the kernel has queued while the event loop was busy); then idle connections are closed, once
    // idle over two sweeps. A connection still open after the grace period (a client that never finishes its
    // request) is cut, and a close that hangs even then ends the process. Worker jobs in flight are answered
    // before the pool is terminated (the app closes only once every response is sent).
    app.startDraining();
    const straggle = setTimeout(() => {
      app.log.warn('grace period over: closing the remaining connections');
      app.server.closeAllConnections();
    }, SHUTDOWN_TIMEOUT_MS);
    straggle.unref();
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS + 1_500);
    force.unref();
    connections
      .acceptBacklog()
      .then(() => {
        connections.sweepUntilClosed();
        return app.close();
      })
      .then(() => pool?.close())
      .then(() => watches.close())
      .then(
        () => live.close().finally(() => process.exit(0)),
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
  if (error instanceof NetworkDataError || error instanceof ConfigError || error instanceof StartRefused) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
