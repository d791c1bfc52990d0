/** Schemas of dated answers, shared by /routes (with departAt) and /departures. */
import { z } from 'zod';
import {
  ArrivalRangeSchema,
  DaysRangeSchema,
  MAX_DEPARTURE_DAYS,
  OnTimeProbabilitySchema,
  parseInstant,
} from '../../domain/index.js';

export { ArrivalRangeSchema, DaysRangeSchema, OnTimeProbabilitySchema };

/** A departAt or arriveBy query value: an ISO 8601 date-time with an offset, or a date (00:00 UTC). */
export const instantParameter = (description: string, example: string) =>
  z
    .string()
    .max(40)
    .refine((v) => parseInstant(v) !== undefined, {
      message:
        'must be an ISO 8601 date-time with an offset (2026-12-05T08:00:00Z, 2026-12-05T12:00:00+04:00) or a date (2026-12-05, read as 00:00 UTC); a time without an offset names no instant',
    })
    .optional()
    .describe(description)
    .meta({ example });

export const departureDays = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_DEPARTURE_DAYS)
  .default(7)
  .describe(
    `Number of departure days from \`from\` (default 7, at most ${MAX_DEPARTURE_DAYS}; more is a 400)`,
  )
  .meta({ example: 14 });

z.globalRegistry.add(ArrivalRangeSchema, { id: 'ArrivalRange' });
z.globalRegistry.add(DaysRangeSchema, { id: 'DaysRange' });
