/** Request and response schemas of GET /matrix. The constraint parameters are those of /routes (constraint-parameters.ts). */
import { z } from 'zod';
import { MATRIX_INCLUDES, MATRIX_LIMITS, MatrixSchema } from '../../domain/index.js';
import { formatParameter, listParameter } from './common-schema.js';
import { ConstraintParametersSchema, exclusionParameters } from './constraint-parameters.js';

export { MatrixSchema };

const { optimize, networkDate } = ConstraintParametersSchema.shape;

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
    networkDate,
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
