/**
 * The published-services table (graph-data/published-services.json): container services and transit figures
 * that operators and railways have published, each with its source. The network tests route every entry and
 * hold the data to these figures; check-data validates the table and its node references.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Corridors as planners name them. */
export const CORRIDORS = ['northern', 'middle', 'southern'] as const;

const nodeId = z.string().regex(/^[A-Z]{2}_[A-Z0-9_]+$/, 'must be a node id such as "KZ_AKTAU"');
const text = z.string().trim().min(1, 'must not be empty');

/** A published figure this network does not reproduce, and why. */
const DisagreementSchema = z.strictObject({ field: z.enum(['km', 'days']), reason: text });

/** A published transit time in days: a single figure has min = max. */
const DaysRangeSchema = z
  .strictObject({ min: z.number().positive(), max: z.number().positive() })
  .refine((d) => d.min <= d.max, { message: 'min must not exceed max', path: ['max'] });

export const PublishedServiceSchema = z
  .strictObject({
    /** Stable slug, unique in the table. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug'),
    corridor: z.enum(CORRIDORS),
    operator: text,
    origin: nodeId,
    destination: nodeId,
    /** Year or month the figures describe (`2019`, `2024-10`); null where the source gives no date. */
    year: z
      .string()
      .regex(/^\d{4}(-\d{2})?$/, 'must be YYYY or YYYY-MM')
      .nullable(),
    /** The corridor in words: ports, border crossings, lines. */
    route: text,
    /** Published distance, km (compared within ±5 %). */
    km: z.number().positive().optional(),
    /** Published transit time, days. */
    days: DaysRangeSchema.optional(),
    /** Nodes the service is routed through where the engine cannot know the choice (e.g. which Caspian port). */
    via: z.array(nodeId).default([]),
    /** Countries the service's corridor leaves out (e.g. RU and BY for the Middle Corridor). */
    avoid: z.array(z.string().regex(/^[A-Z]{2}$/)).default([]),
    /** Border crossings, ports and hubs the source names: the route must pass each of them. */
    passes: z.array(nodeId).default([]),
    /** Where the source names them: exactly the ports at the ends of the route's ferry legs. */
    ferryPorts: z.array(nodeId).optional(),
    source: z.string().regex(/^https?:\/\//, 'must be an address (http or https)'),
    notes: z.string().optional(),
    /** The day the train left where the source gives it (`YYYY-MM-DD`): the dated check departs on it. */
    departed: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
      .optional(),
    /**
     * Published figures this network does not reproduce, and why (figures of another year's operations,
     * targets counted differently): one record or a list, at most one per field. Tested the other way round,
     * so that it is noticed when it starts to hold.
     */
    disagreement: z
      .union([DisagreementSchema, z.array(DisagreementSchema).min(1)])
      .optional()
      .transform((d) => (d === undefined ? [] : Array.isArray(d) ? d : [d]))
      .refine((list) => new Set(list.map((d) => d.field)).size === list.length, {
        message: 'at most one disagreement per field',
      }),
  })
  .refine((s) => s.km !== undefined || s.days !== undefined, {
    message: 'needs a published km or days figure',
    path: ['km'],
  });

export type PublishedService = z.output<typeof PublishedServiceSchema>;

/** File name of the table inside a network directory. */
export const PUBLISHED_SERVICES_FILE = 'published-services.json';

/**
 * Reads and validates the table of a network directory.
 * @throws Error naming the file, the entry and the field of the first problems found.
 */
export function readPublishedServices(dir: string): PublishedService[] {
  const file = join(dir, PUBLISHED_SERVICES_FILE);
  const result = z.array(PublishedServiceSchema).safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) =>
        `${PUBLISHED_SERVICES_FILE}${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`,
    );
    throw new Error(problems.join('\n'));
  }
  const seen = new Set<string>();
  for (const [i, s] of result.data.entries()) {
    if (seen.has(s.id)) throw new Error(`${PUBLISHED_SERVICES_FILE}[${i}].id: "${s.id}" is used twice`);
    seen.add(s.id);
  }
  return result.data;
}

/**
 * The departure a published transit time is checked on: the day the train left where the source gives it, else
 * the middle of the month or year the figures describe; `undefined` where the source gives no date.
 */
export function plannedDeparture(s: PublishedService): string | undefined {
  if (s.departed !== undefined) return s.departed;
  if (s.year === null) return undefined;
  return s.year.length === 4 ? `${s.year}-07-01` : `${s.year}-15`;
}
/** The tolerance on published distances. */
export const KM_TOLERANCE = 0.05;
