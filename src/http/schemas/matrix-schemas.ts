/** Request and response schemas of GET /matrix. The constraint parameters are those of /routes, reused. */
import { z } from 'zod';
import { MATRIX_CELL_CODES, MATRIX_INCLUDES, MATRIX_LIMITS } from '../../domain/index.js';
import { listParameter, NodeRefSchema } from './common-schema.js';
import { LIVE_DEPARTURE_ECHO, RoutePlanSchema, RoutesQuerySchema } from './route-schemas.js';
import { instantParameter } from './timing-schemas.js';

const {
  avoid,
  avoidModes,
  avoidSeas,
  avoidNodes,
  optimize,
  networkDate,
  avoidAdvisories,
  ignoreDisruptions,
} = RoutesQuerySchema.shape;

const places = (what: string, max: number, example: string[]) =>
  z
    .array(z.string().trim().min(1).max(200))
    .min(1)
    .max(max)
    .describe(
      `${what}: node ids or place names/aliases, matched as /routes matches origin and destination; a place may be repeated (its row or column is repeated). Comma-separated and/or repeated; at least 1 and at most ${max} items.`,
    )
    .meta({ example });

export const MatrixQuerySchema = z
  .strictObject({
    origins: places('Where the cargo starts (the rows)', MATRIX_LIMITS.maxOrigins, ["Xi'an", 'Chengdu']),
    destinations: places('Where the cargo goes (the columns)', MATRIX_LIMITS.maxDestinations, [
      'Duisburg',
      'Budapest',
    ]),
    avoid,
    avoidModes,
    avoidSeas,
    avoidNodes,
    avoidAdvisories,
    networkDate,
    ignoreDisruptions,
    departAt: instantParameter(
      'Departure the live disruptions are timed from (ISO 8601 date-time with an offset, or a date read as 00:00 UTC; default: now, rounded down to 5 minutes): a closure excludes what it closes when the cargo would get there, a delay adds its hours. Each cell is the deterministic best route from that departure, the one /routes plans first for it; cells carry no simulated arrival ranges (ask /routes or /departures with departAt for those, and note that /routes with departAt and optimize=time may put first another candidate by simulated median arrival).',
      '2026-12-05',
    ),
    optimize,
    include: listParameter(
      z.enum(MATRIX_INCLUDES),
      MATRIX_INCLUDES.length,
      'Per-cell extras: `countries` (the countries of the route in travel order) and/or `seas` (the sea ids of its ferry crossings in travel order).',
      ['countries', 'seas'],
    ),
    format: z
      .enum(['json', 'csv'])
      .default('json')
      .describe(
        'Answer format: `json` (the matrix) or `csv` (text/csv, UTF-8, RFC 4180: a header row `origin_id,origin_name,destination_id,destination_name,distance_km,duration_hours,co2e_kg_per_tonne,unreachable`, plus `countries` and/or `seas` columns when included (items separated by spaces), then one row per cell, origins in order and within each its destinations in order; an empty field where a cell has no value).',
      )
      .meta({ example: 'json' }),
  })
  .describe('Matrix query');

const cells = <T extends z.ZodType>(cell: T, description: string, example: unknown) =>
  z.array(z.array(cell)).describe(description).meta({ example });

const unreachableCode = z.enum(MATRIX_CELL_CODES).nullable();

export const MatrixSchema = z
  .object({
    origins: z.array(NodeRefSchema).describe('Resolved origins: the rows, in the order asked'),
    destinations: z.array(NodeRefSchema).describe('Resolved destinations: the columns, in the order asked'),
    avoid: z
      .array(z.string())
      .describe('Avoided countries, normalised to alpha-2 and sorted')
      .meta({ example: ['BY', 'RU'] }),
    avoidModes: z.array(z.string()).describe('Avoided modes').meta({ example: [] }),
    avoidSeas: z.array(z.string()).describe('Avoided seas, by id').meta({ example: [] }),
    avoidNodes: z.array(z.string()).describe('Avoided nodes, by id').meta({ example: [] }),
    avoidAdvisories: RoutePlanSchema.shape.avoidAdvisories,
    networkDate: RoutePlanSchema.shape.networkDate,
    departAt: LIVE_DEPARTURE_ECHO,
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .describe('The cost model that chose each cell’s route')
      .meta({ example: 'distance' }),
    dataVersion: z.string().describe('sha256 of the loaded network data').meta({ example: 'sha256:9f2c0e…' }),
    distanceKm: cells(
      z.number().nullable(),
      "km of each cell's best route (the same figure /routes gives for the pair), null where there is none; 0 where origin and destination are the same node",
      [[11287, 11562.4]],
    ),
    durationHours: cells(z.number().nullable(), "Hours of each cell's best route, null where there is none", [
      [671.4, 690.2],
    ]),
    co2eKgPerTonne: cells(
      z.number().nullable(),
      "kg CO2e per tonne of each cell's best route, null where there is none",
      [[260.5, 270.1]],
    ),
    unreachable: cells(
      unreachableCode,
      'Why a cell has no route: `NO_ROUTE` (none under the constraints), `ENDPOINT_IN_AVOIDED_COUNTRY` or `ENDPOINT_AVOIDED` (its origin or destination is excluded by the constraints); null where there is a route',
      [[null, 'NO_ROUTE']],
    ),
    countries: cells(
      z.array(z.string()).nullable(),
      "With include=countries: the countries of each cell's route in travel order, null where none",
      [[['CN', 'KZ', 'AZ', 'GE', 'RO', 'HU', 'AT', 'DE'], null]],
    ).optional(),
    seas: cells(
      z.array(z.string()).nullable(),
      "With include=seas: the sea ids of each cell's ferry crossings in travel order, null where none",
      [[['caspian', 'black-sea'], null]],
    ).optional(),
  })
  .describe('Best-route totals between every origin and every destination; rows = origins');

z.globalRegistry.add(MatrixSchema, { id: 'Matrix' });

/** CSV answers are text; documented as such. */
export const MatrixCsvSchema = z.string().describe('CSV, one row per cell after the header row');
