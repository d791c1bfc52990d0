/** The departure window /departures answers: one arrival range per departure day, and the best days. */
import { z } from 'zod';
import { MAX_DEPARTURE_DAYS } from '../timing/plan-departures.js';
import { dataVersionField, optimizeEcho } from './echo-fields.js';
import { NodeRefSchema } from './node-ref-schema.js';
import { FerrySchema } from './route-result-schemas.js';
import { ArrivalRangeSchema, DaysRangeSchema, OnTimeProbabilitySchema } from './timing-result-schemas.js';

/** A departure day, YYYY-MM-DD. */
export const calendarDay = (description: string, example: string) =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date YYYY-MM-DD')
    .describe(description)
    .meta({ example });

export const DepartureSchema = z
  .object({
    date: calendarDay('Departure day (00:00 UTC)', '2026-12-05'),
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
    optimize: optimizeEcho(
      'The cost model (with `time`, each day takes the corridor with the earliest expected arrival)',
      'time',
    ),
    dataVersion: dataVersionField,
    departures: z
      .array(DepartureSchema)
      .describe(`One entry per departure day, in date order (at most ${MAX_DEPARTURE_DAYS})`),
    best: z
      .object({
        byP50: calendarDay(
          'The day with the shortest median duration (the earlier day on a tie)',
          '2026-12-04',
        ),
        byP90: calendarDay(
          'The day with the shortest 90th-percentile duration: the most dependable',
          '2026-12-02',
        ),
      })
      .describe('The best departure days in the window'),
    warnings: z
      .array(z.string())
      .describe('Notes on the answer, e.g. days on which no route arrives')
      .meta({ example: [] }),
  })
  .describe('Arrival ranges for each departure day of a window');
