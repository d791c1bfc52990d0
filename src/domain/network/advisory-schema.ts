/**
 * The advisories file (graph-data/advisories.json): sourced, dated warnings on a country, a link or a node
 * that a forwarder must hear about (war risk, sanctions, congestion). graph-data/README.md documents the same
 * rules for people; references to the network are checked in validate-advisories.ts.
 */
import { z } from 'zod';
import { isAlpha2 } from './countries.js';
import { isoDate } from './network-schema.js';

export const ADVISORY_KINDS = ['war-risk', 'sanctions', 'congestion'] as const;
export type AdvisoryKind = (typeof ADVISORY_KINDS)[number];

const text = z.string().trim().min(1, 'must not be empty');

export const AdvisoryRecordSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case slug such as "ua-war-risk"'),
    kind: z.enum(ADVISORY_KINDS),
    /** Exactly one target: a country (its nodes and the links through it), a link, or a node. */
    country: z
      .string()
      .refine((c) => isAlpha2(c), { message: 'must be an ISO 3166-1 alpha-2 code in upper case (e.g. "UA")' })
      .optional(),
    linkId: z.string().optional(),
    nodeId: z.string().optional(),
    summary: text,
    /** Where the facts come from: a URL. */
    source: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    /** The date the source reports the facts for. */
    asOf: isoDate,
    /** First day the advisory applies (default: always). */
    validFrom: isoDate.optional(),
    /** Last day the advisory applies (default: until removed). */
    validUntil: isoDate.optional(),
    notes: z.string().optional(),
  })
  .superRefine((a, ctx) => {
    const targets = (['country', 'linkId', 'nodeId'] as const).filter((k) => a[k] !== undefined);
    if (targets.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [targets[1] ?? 'country'],
        message: `must name exactly one target of country, linkId and nodeId (got ${targets.length === 0 ? 'none' : targets.join(' and ')})`,
      });
    }
    if (a.validFrom && a.validUntil && a.validUntil < a.validFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: `must not be before validFrom "${a.validFrom}"`,
      });
    }
  });

export type AdvisoryRecord = z.output<typeof AdvisoryRecordSchema>;

/** An advisory as the network holds it: the record with its target resolved to indices. */
export interface Advisory extends AdvisoryRecord {
  /** Node indices it covers (a node advisory: the node; a country advisory: every node in the country). */
  nodeIndices: readonly number[];
  /** Link indices it covers (a link advisory: the link; a country advisory: links through it in transit). */
  linkIndices: readonly number[];
}

/** Whether an advisory applies on a day (YYYY-MM-DD). */
export const advisoryAppliesOn = (a: AdvisoryRecord, date: string): boolean =>
  (a.validFrom === undefined || a.validFrom <= date) && (a.validUntil === undefined || date <= a.validUntil);
