/** Schemas of the discovery endpoints: /nodes, /nodes/{id}, /countries, /health. */
import { z } from 'zod';
import { MODES, NODE_KINDS } from '../../domain/index.js';
import { listParameter, NodeRefSchema } from './common-schema.js';

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

export const NodeSummarySchema = z
  .object({
    id: z.string().describe('Stable node id').meta({ example: 'RO_CONSTANTA' }),
    name: z.string().describe('Display name').meta({ example: 'Constanța Port' }),
    aliases: z
      .array(z.string())
      .describe('Other names and spellings')
      .meta({ example: ['Constanta', 'Constanța'] }),
    country: z.string().describe('ISO 3166-1 alpha-2 country code').meta({ example: 'RO' }),
    lat: z.number().describe('Latitude, WGS84 degrees').meta({ example: 44.16 }),
    lon: z.number().describe('Longitude, WGS84 degrees').meta({ example: 28.66 }),
    kinds: z
      .array(z.enum(NODE_KINDS))
      .describe('What the node is')
      .meta({ example: ['port', 'rail', 'ferry-terminal'] }),
    unlocode: z.string().optional().describe('UN/LOCODE of the town').meta({ example: 'ROCND' }),
    dwellHours: z.number().optional().describe('Typical dwell here, hours').meta({ example: 24 }),
  })
  .describe('A node of the network');

export const NodeListSchema = z
  .object({
    total: z.number().int().describe('Number of matching nodes (before limit)').meta({ example: 1 }),
    nodes: z.array(NodeSummarySchema).describe('Matching nodes, best first (by id without q)'),
  })
  .describe('Node search result');

export const NodeParamsSchema = z.strictObject({
  id: z.string().max(200).describe('Node id (case-insensitive)').meta({ example: 'KZ_AKTAU' }),
});

export const NodeDetailSchema = NodeSummarySchema.extend({
  source: z
    .string()
    .describe("Where the node's facts come from")
    .meta({ example: 'https://www.portofbaku.com/' }),
  links: z
    .array(
      z
        .object({
          linkId: z.string().describe('Link id').meta({ example: 'KZ_AKTAU--AZ_ALAT--ferry' }),
          to: NodeRefSchema,
          mode: z.enum(MODES).describe('Mode').meta({ example: 'ferry' }),
          distanceKm: z.number().describe('Distance, km').meta({ example: 470 }),
          sea: z.string().optional().describe('Sea id (ferries)').meta({ example: 'caspian' }),
          gauge: z.number().optional().describe('Gauge, mm (rail)').meta({ example: 1520 }),
          status: z
            .string()
            .describe('in-service, suspended, planned or closed')
            .meta({ example: 'in-service' }),
          oneway: z
            .boolean()
            .describe("True when usable only away from this node's side given in the data")
            .meta({ example: false }),
          source: z
            .string()
            .describe("Where the link's facts come from")
            .meta({ example: 'https://example.org/source' }),
        })
        .describe('A link touching the node'),
    )
    .describe('Links touching the node'),
}).describe('A node with its links');

export const CountryListSchema = z
  .object({
    countries: z
      .array(
        z
          .object({
            code: z.string().describe('ISO 3166-1 alpha-2').meta({ example: 'KZ' }),
            alpha3: z.string().describe('ISO 3166-1 alpha-3').meta({ example: 'KAZ' }),
            name: z.string().describe('English short name').meta({ example: 'Kazakhstan' }),
            nodeCount: z.number().int().describe('Nodes in the network').meta({ example: 30 }),
          })
          .describe('A country present in the network'),
      )
      .describe('Countries with at least one node, by code'),
  })
  .describe('Countries of the network');

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
