/** Arrival and duration ranges of dated answers (/routes with departAt, /departures). */
import { z } from 'zod';

const instant = (what: string, example: string) =>
  z.string().describe(`${what}, ISO 8601 UTC`).meta({ example });

export const ArrivalRangeSchema = z
  .object({
    p10: instant('Arrival that 10 % of the simulated runs beat', '2026-12-27T06:00:00Z'),
    p50: instant('Median arrival', '2026-12-30T18:00:00Z'),
    p90: instant('Arrival that 90 % of the simulated runs beat', '2027-01-08T02:00:00Z'),
  })
  .describe(
    'Arrival range from a seeded simulation of dwell (by node and date), ferry sailings (timetable or headway), weather closures (share of days closed in the month) and live disruptions; the same query gives the same figures',
  );

export const DaysRangeSchema = z
  .object({
    p10: z.number().describe('Door-to-door days, 10th percentile').meta({ example: 21.8 }),
    p50: z.number().describe('Door-to-door days, median').meta({ example: 25.3 }),
    p90: z.number().describe('Door-to-door days, 90th percentile').meta({ example: 33.6 }),
  })
  .describe('Duration range from departure to arrival, days, one decimal');

export const OnTimeProbabilitySchema = z
  .number()
  .min(0)
  .max(1)
  .describe('With arriveBy: the share of simulated runs arriving by then (0-1, two decimals)')
  .meta({ example: 0.72 });
