/** What /nodes, /nodes/{id} and /countries answer: nodes as summaries, one node with its links, countries. */
import { z } from 'zod';
import { MODES, NODE_KINDS } from '../network/network-schema.js';
import { NodeRefSchema } from './node-ref-schema.js';

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
