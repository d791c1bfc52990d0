/**
 * The optional timing files of a network directory, as zod schemas: ferry timetables (timetables.json), weather
 * closures by month (seasons.json) and dwell distributions at borders, gauge changes and ports (dwell.json).
 * graph-data/README.md documents the same rules for people; references to nodes, links and seas are checked
 * against the loaded network in timing-records.ts.
 */
import { z } from 'zod';
import { isoDate } from './network-schema.js';

const text = z.string().trim().min(1, 'must not be empty');

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A departure in a weekly pattern: day and time of day, UTC. */
export const WeeklyDepartureSchema = z.strictObject({
  day: z.enum(WEEKDAYS),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM (UTC) such as "18:00"'),
});

/** Hours between departures of a service without a published clock. */
const headwayHours = z
  .number()
  .positive()
  .max(24 * 31)
  .optional();

/** A departure pattern is either published weekdays or a headway, never both or neither. */
function weeklyOrHeadway(
  t: { weekly?: unknown; headwayHours?: number | undefined },
  ctx: z.RefinementCtx,
  headwayMeans: string,
): void {
  if ((t.weekly === undefined) === (t.headwayHours === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['weekly'],
      message: `give exactly one of weekly (published departures) or headwayHours (${headwayMeans})`,
    });
}

/**
 * The sailing pattern of one ferry link: published weekday departures (`weekly`), or a regular interval
 * (`headwayHours`) for services that sail when loaded, whose departures are not tied to a clock. A link may have
 * several records, periods of one timeline: each applies from its `from` day (from the start when absent) until
 * a later record of the same link takes over.
 */
export const TimetableRecordSchema = z
  .strictObject({
    /** Link id `FROM--TO--ferry`; records with the same link are that link's periods. */
    link: text,
    /** First day (UTC) the pattern applies; absent, it applies from the start. */
    from: isoDate.optional(),
    /** Departures from the link's `from` end; the same pattern from the `to` end unless `reverseWeekly` is given. */
    weekly: z.array(WeeklyDepartureSchema).min(1).optional(),
    /** Departures from the link's `to` end, when they differ from `weekly`. */
    reverseWeekly: z.array(WeeklyDepartureSchema).min(1).optional(),
    /** Hours between sailings of a service without a published clock (sails when loaded). */
    headwayHours,
    source: text,
    /** The date the pattern was read at its source. */
    asOf: isoDate,
    notes: z.string().optional(),
  })
  .superRefine((t, ctx) => {
    weeklyOrHeadway(t, ctx, 'sails when loaded');
    if (t.reverseWeekly !== undefined && t.weekly === undefined)
      ctx.addIssue({ code: 'custom', path: ['reverseWeekly'], message: 'is allowed only with weekly' });
  });

/**
 * A published block-train service: its departures from the origin (a weekly pattern, or a headway where only
 * the frequency is published), from a day on, until a later record of the same service takes over. A route
 * that starts at the origin and passes every node of `passes` leaves on the service's next departure.
 */
export const BlockTrainRecordSchema = z
  .strictObject({
    /** The service's name, as published; records with the same name are one service's periods. */
    service: text,
    origin: text,
    /** Nodes the service passes (its gateway and destination): a route must pass them all to be on it. */
    passes: z.array(text).min(1),
    /** First day (UTC) the pattern applies. */
    from: isoDate,
    weekly: z.array(WeeklyDepartureSchema).min(1).optional(),
    /** Hours between departures, where the frequency is published and the hour is not. */
    headwayHours,
    source: text,
    asOf: isoDate,
    notes: z.string().optional(),
  })
  .superRefine((t, ctx) => weeklyOrHeadway(t, ctx, 'published frequency'));

/**
 * Weather closures: for a port (sailings from it) or a sea (sailings on it, where the port has no record of its
 * own), the share of days closed in each month, January first, and how long a closure typically lasts.
 */
export const SeasonRecordSchema = z
  .strictObject({
    port: text.optional(),
    sea: text.optional(),
    /** Twelve shares (0-1) of days closed by weather, January to December. */
    closedShare: z
      .array(z.number().min(0).max(0.95))
      .length(12, 'must list 12 monthly shares, January first'),
    /** Typical length of one closure (a storm and the swell after it), days. */
    episodeDays: z.number().min(0.25).max(15),
    source: text,
    asOf: isoDate,
    notes: z.string().optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.port === undefined) === (s.sea === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['port'],
        message: 'give exactly one of port (a node id) or sea',
      });
  });

/** Hours at the 10th, 50th and 90th percentile of a dwell or handling time (at most 90 days). */
const quantileHours = z
  .number()
  .min(0)
  .max(24 * 90);
const hourQuantiles = { p10: quantileHours, p50: quantileHours, p90: quantileHours };

/** Quantiles come in order: p10 <= p50 <= p90. */
function orderedQuantiles(d: { p10: number; p50: number; p90: number }, ctx: z.RefinementCtx): void {
  if (!(d.p10 <= d.p50 && d.p50 <= d.p90))
    ctx.addIssue({ code: 'custom', path: ['p50'], message: 'must satisfy p10 <= p50 <= p90' });
}

/**
 * Dwell at a node as a distribution (hours) over a period: a year, a congestion episode, or some months of
 * every year. `includes` lists nodes whose dwell the figure already covers (the other side of a crossing
 * measured as one), which count no dwell of their own while the record applies. `includesHandling` says that the
 * figure is the whole crossing, the transhipment between gauges or modes at these nodes included (a border-crossing
 * time measured from entry to exit, unloading and loading counted): while it applies, no handling is drawn there.
 */
export const DwellRecordSchema = z
  .strictObject({
    node: text,
    includes: z.array(text).default([]),
    /** The figure covers the handling (transhipment, mode change) at the node and those it includes. */
    includesHandling: z.boolean().default(false),
    /** First and last day (UTC) the figures describe. */
    from: isoDate,
    to: isoDate,
    /** Months (1-12) within the period the record covers; every month when absent. */
    months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
    ...hourQuantiles,
    /** `measured` figures come from a source's statistics; `congestion` records describe a reported episode. */
    kind: z.enum(['measured', 'congestion']).default('measured'),
    source: text,
    asOf: isoDate,
    notes: z.string().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.to < d.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from "${d.from}"` });
    orderedQuantiles(d, ctx);
  });

/** The spread applied to a node's fixed dwell where dwell.json has no record for it. */
export const DwellSpreadSchema = z.strictObject({
  /** p10 and p90 as multiples of the node's dwell (its p50). */
  p10Factor: z.number().min(0).max(1),
  p90Factor: z.number().min(1).max(10),
  source: text,
});

/**
 * The spread of the mode- or gauge-change handling at a port or gauge-change station (hours): loading and
 * unloading ships, transhipping containers between gauges. It replaces the defaultSpread of the node's
 * transferHours; p50 is that typical figure where the source gives no other.
 */
export const HandlingRecordSchema = z
  .strictObject({
    node: text,
    ...hourQuantiles,
    /** An address or document, or `estimate: how`. */
    source: text,
    asOf: isoDate,
    notes: z.string().optional(),
  })
  .superRefine(orderedQuantiles);

export const DwellFileSchema = z.strictObject({
  defaultSpread: DwellSpreadSchema,
  records: z.array(z.unknown()),
  /** Handling spreads per port or gauge-change station (optional). */
  handling: z.array(z.unknown()).optional(),
});

export type WeeklyDeparture = z.output<typeof WeeklyDepartureSchema>;
export type TimetableRecord = z.output<typeof TimetableRecordSchema>;
export type BlockTrainRecord = z.output<typeof BlockTrainRecordSchema>;
export type SeasonRecord = z.output<typeof SeasonRecordSchema>;
export type DwellRecord = z.output<typeof DwellRecordSchema>;
export type DwellSpread = z.output<typeof DwellSpreadSchema>;
export type HandlingRecord = z.output<typeof HandlingRecordSchema>;
