/** Schemas of the discovery endpoints: /nodes, /nodes/{id}, /countries, /health. */
import { z } from 'zod';
import {
  CountryListSchema,
  NODE_KINDS,
  NodeDetailSchema,
  NodeListSchema,
  NodeSummarySchema,
} from '../../domain/index.js';
import { listParameter } from './common-schema.js';

export { CountryListSchema, NodeDetailSchema, NodeListSchema, NodeSummarySchema };

export const NodesQuerySchema = z
  .strictObject({
    q: z
      .string()
      .max(200)
      .optional()
      .describe(
        'Text to search in ids, names and aliases, ignoring case, accents and punctuation; tolerates small typos. Best matches first.',
      )
      .meta({ example: 'Constanta' }),
    country: listParameter(
      z.string().max(20),
      60,
      'Only nodes in these countries (ISO 3166-1 alpha-2 or alpha-3).',
      ['RO'],
    ),
    kind: listParameter(z.enum(NODE_KINDS), NODE_KINDS.length, 'Only nodes of at least one of these kinds.', [
      'port',
    ]),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(20)
      .describe('Most nodes to return (1 to 500).')
      .meta({ example: 10 }),
  })
  .describe('Node search');

export const NodeParamsSchema = z.strictObject({
  id: z.string().max(200).describe('Node id (case-insensitive)').meta({ example: 'KZ_AKTAU' }),
});

export const HealthSchema = z
  .object({
    status: z
      .enum(['ok', 'degraded'])
      .describe(
        '"ok", or "degraded" while fewer route workers are ready than the pool runs (queries are still answered)',
      )
      .meta({ example: 'ok' }),
    dataVersion: z.string().describe('sha256 of the loaded network').meta({ example: 'sha256:9f2c0e…' }),
    nodes: z.number().int().describe('Nodes loaded').meta({ example: 190 }),
    links: z.number().int().describe('Links loaded').meta({ example: 260 }),
    uptimeSeconds: z.number().describe('Seconds since start').meta({ example: 42.1 }),
    store: z
      .object({
        engine: z
          .enum(['sqlite', 'postgres'])
          .describe('The live-state store engine')
          .meta({ example: 'sqlite' }),
        reachable: z
          .boolean()
          .describe('Whether the store answered at the last check (writes are 503 while it does not)')
          .meta({ example: true }),
        stateVersion: z.string().describe('The live-state version routing reads').meta({ example: '42' }),
        syncedAt: z
          .string()
          .nullable()
          .describe('When the live state was last read from the store')
          .meta({ example: '2026-12-01T06:00:00.250Z' }),
        error: z.string().optional().describe('Why the store is unreachable'),
      })
      .optional()
      .describe('The live-state store (disruptions, API keys)'),
    workers: z
      .object({
        ready: z.number().int().describe('Route workers loaded and taking queries').meta({ example: 3 }),
        total: z.number().int().describe('Route workers the pool runs at full strength').meta({ example: 3 }),
        restarts: z
          .number()
          .int()
          .describe('Workers replaced after a crash or a job timeout since the start')
          .meta({ example: 0 }),
        pending: z
          .number()
          .int()
          .describe('Route queries waiting or running in workers')
          .meta({ example: 2 }),
        maxPending: z
          .number()
          .int()
          .describe('Pending queries beyond which new ones are answered 503 OVERLOADED')
          .meta({ example: 96 }),
      })
      .optional()
      .describe('The route worker pool (absent when queries are planned in-process)'),
  })
  .describe('Service health');

z.globalRegistry.add(NodeSummarySchema, { id: 'NodeSummary' });
z.globalRegistry.add(NodeDetailSchema, { id: 'NodeDetail' });
