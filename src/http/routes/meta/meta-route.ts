/** GET /countries and GET /health. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Network } from '../../../domain/index.js';
import type { MirrorHealth } from '../../../state/live-mirror.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { CountryListSchema, HealthSchema } from '../../schemas/node-schemas.js';
import type { WorkerPoolHealth } from '../../serving/route-worker-pool.js';

export const metaRoute: FastifyPluginAsyncZod<{
  network: Network;
  /** The live-state store as the mirror last saw it. */
  storeHealth?: () => MirrorHealth;
  /** The route worker pool, when there is one. */
  workerHealth?: () => WorkerPoolHealth;
}> = async (app, { network, storeHealth, workerHealth }) => {
  app.get(
    '/countries',
    {
      schema: {
        operationId: 'listCountries',
        tags: ['Network'],
        summary: 'Countries present in the network',
        description: 'Every country with at least one node, with its ISO codes, name and node count.',
        response: {
          200: CountryListSchema,
          400: problemResponse('Unknown parameter (this endpoint takes none)'),
        },
      },
      config: { headers: 'api' },
    },
    async () => ({ countries: network.countries }),
  );

  app.get(
    '/health',
    {
      schema: {
        operationId: 'health',
        tags: ['Service'],
        summary: 'Liveness and readiness',
        description:
          'Answers 200 once the network is loaded and validated; reports the data version and size, the live-state store (engine, whether it is reachable, its state version) and the route workers (ready of total, restarts). `status` is `degraded` while fewer route workers are ready than the pool runs (a crashed one is being replaced; queries are still answered).',
        response: { 200: HealthSchema, 400: problemResponse('Unknown parameter (this endpoint takes none)') },
      },
      // Probes of the orchestrator must never be throttled.
      config: { headers: 'api', rateLimit: false },
    },
    async () => {
      const workers = workerHealth?.();
      return {
        status: workers && workers.ready < workers.total ? ('degraded' as const) : ('ok' as const),
        dataVersion: network.dataVersion,
        nodes: network.nodes.length,
        links: network.links.length,
        uptimeSeconds: Math.round(process.uptime() * 10) / 10,
        ...(storeHealth ? { store: storeHealth() } : {}),
        ...(workers ? { workers } : {}),
      };
    },
  );
};
