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
    /**
     * A published figure this network does not reproduce, and why (figures of another year's operations,
     * targets counted differently). Tested the other way round, so that it is noticed when it starts to hold.
     */
    disagreement: z.strictObject({ field: z.enum(['km', 'days']), reason: text }).optional(),
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

/** The tolerance on published transit times: door-to-door figures of single trains, rounded to days. */
export const DAYS_TOLERANCE = 0.15;
/** The tolerance on published distances. */
export const KM_TOLERANCE = 0.05;
