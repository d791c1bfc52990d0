/** Request and response schemas of GET /departures. */
import { z } from 'zod';
import { MAX_DEPARTURE_DAYS } from '../../domain/index.js';
import { NodeRefSchema } from './common-schema.js';
import { FerrySchema, RoutesQuerySchema } from './route-schemas.js';
import {
  ArrivalRangeSchema,
  DaysRangeSchema,
  departureDays,
  OnTimeProbabilitySchema,
} from './timing-schemas.js';

const date = (description: string, example: string) =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')
    .describe(description)
    .meta({ example });

export const DeparturesQuerySchema = RoutesQuerySchema.pick({
  origin: true,
  destination: true,
  avoid: true,
  avoidModes: true,
  avoidSeas: true,
  avoidNodes: true,
  via: true,
  optimize: true,
  arriveBy: true,
})
  .extend({
    from: date('First departure day (cargo leaves at 00:00 UTC each day)', '2026-12-01'),
    days: departureDays,
  })
  .describe('Departure window query');

export const DepartureSchema = z
  .object({
    date: date('Departure day (00:00 UTC)', '2026-12-05'),
    arrival: ArrivalRangeSchema,
    durationDays: DaysRangeSchema,
    countries: z
      .array(z.string())
      .describe('Countries of the route taken that day, in travel order')
      .meta({ example: ['CN', 'KZ', 'AZ', 'GE', 'RO', 'HU', 'AT', 'DE'] }),
    ferries: z.array(FerrySchema).describe('Ferry crossings of that route, in travel order'),
    onTimeProbability: OnTimeProbabilitySchema.optional(),
  })
  .describe('One departure day: the route taken and its arrival range');

export const DeparturePlanSchema = z
  .object({
    origin: NodeRefSchema,
    destination: NodeRefSchema,
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .describe(
        'The cost model (with `time`, each day takes the corridor with the earliest expected arrival)',
      )
      .meta({ example: 'time' }),
    dataVersion: z.string().describe('sha256 of the loaded network data').meta({ example: 'sha256:9f2c0e…' }),
    departures: z
      .array(DepartureSchema)
      .describe(`One entry per departure day, in date order (at most ${MAX_DEPARTURE_DAYS})`),
    best: z
      .object({
        byP50: date('The day with the shortest median duration (the earlier day on a tie)', '2026-12-04'),
        byP90: date('The day with the shortest 90th-percentile duration: the most dependable', '2026-12-02'),
      })
      .describe('The best departure days in the window'),
    warnings: z
      .array(z.string())
      .describe('Notes on the answer, e.g. days on which no route arrives')
      .meta({ example: [] }),
  })
  .describe('Arrival ranges for each departure day of a window');

z.globalRegistry.add(DepartureSchema, { id: 'Departure' });
z.globalRegistry.add(DeparturePlanSchema, { id: 'DeparturePlan' });
