/** The matrix /matrix answers: best-route totals between every origin and every destination. */
import { z } from 'zod';
import { MATRIX_CELL_CODES } from '../planning/matrix.js';
import { dataVersionField, exclusionEchoFields, liveDepartureEcho, optimizeEcho } from './echo-fields.js';
import { NodeRefSchema } from './node-ref-schema.js';
import { RoutePlanSchema } from './route-result-schemas.js';

const cells = <T extends z.ZodType>(cell: T, description: string, example: unknown) =>
  z.array(z.array(cell)).describe(description).meta({ example });

const unreachableCode = z.enum(MATRIX_CELL_CODES).nullable();

export const MatrixSchema = z
  .object({
    origins: z.array(NodeRefSchema).describe('Resolved origins: the rows, in the order asked'),
    destinations: z.array(NodeRefSchema).describe('Resolved destinations: the columns, in the order asked'),
    ...exclusionEchoFields,
    avoidAdvisories: RoutePlanSchema.shape.avoidAdvisories,
    networkDate: RoutePlanSchema.shape.networkDate,
    departAt: liveDepartureEcho,
    optimize: optimizeEcho('The cost model that chose each cell’s route', 'distance'),
    dataVersion: dataVersionField,
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
