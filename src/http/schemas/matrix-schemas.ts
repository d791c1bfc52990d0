/** Request and response schemas of GET /matrix. The constraint parameters are those of /routes (constraint-parameters.ts). */
import { z } from 'zod';
import { MATRIX_INCLUDES, MATRIX_LIMITS, MatrixSchema } from '../../domain/index.js';
import { formatParameter, listParameter } from './common-schema.js';
import { ConstraintParametersSchema, exclusionParameters } from './constraint-parameters.js';
import { instantParameter } from './timing-schemas.js';

export { MatrixSchema };

const { optimize, networkDate, avoidAdvisories, ignoreDisruptions } = ConstraintParametersSchema.shape;

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
    ...exclusionParameters,
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
    format: formatParameter(
      ['json', 'csv'],
      'Answer format: `json` (the matrix) or `csv` (text/csv, UTF-8, RFC 4180: a header row `origin_id,origin_name,destination_id,destination_name,distance_km,duration_hours,co2e_kg_per_tonne,unreachable`, plus `countries` and/or `seas` columns when included (items separated by spaces), then one row per cell, origins in order and within each its destinations in order; an empty field where a cell has no value).',
    ),
  })
  .describe('Matrix query');

z.globalRegistry.add(MatrixSchema, { id: 'Matrix' });

/** CSV answers are text; documented as such. */
export const MatrixCsvSchema = z.string().describe('CSV, one row per cell after the header row');
