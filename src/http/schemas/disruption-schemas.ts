/**
 * The /disruptions resource as clients see it: the domain's disruption schemas (src/domain/live/) extended
 * with documentation, plus the store's who and when and the status at the time of the answer. The POST body
 * applies the domain's own cross-field rules (checkDisruptionRules), so the OpenAPI document, the validator
 * and the store agree by construction.
 */
import { z } from 'zod';
import {
  checkDisruptionRules,
  DISRUPTION_EFFECTS,
  DISRUPTION_STATUSES,
  DISRUPTION_TARGET_KINDS,
  DisruptionTargetSchema,
  disruptionWritableShape,
  InstantSchema,
  MAX_DISRUPTION_TEXT,
} from '../../domain/index.js';

const TargetSchema = DisruptionTargetSchema.extend({
  kind: DisruptionTargetSchema.shape.kind
    .describe(
      '`node` (a port, border crossing or station: node id), `link` (link id `FROM--TO--mode`), `sea` (sea id: every ferry link on it), `country` (ISO 3166-1 alpha-2: every border crossing into or out of it)',
    )
    .meta({ example: 'node' }),
  id: DisruptionTargetSchema.shape.id
    .describe('The node, link, sea or country id')
    .meta({ example: 'KZ_AKTAU' }),
}).describe('What the disruption applies to; checked against the loaded network');

const writable = {
  target: TargetSchema,
  effect: disruptionWritableShape.effect
    .describe('`closed` (nothing passes) or `delay` (extra dwell of `extraHours`)')
    .meta({ example: 'closed' }),
  extraHours: disruptionWritableShape.extraHours
    .describe('Extra hours of dwell; required exactly when `effect` is `delay`')
    .meta({ example: 72 }),
  startsAt: disruptionWritableShape.startsAt
    .describe('When it starts, ISO 8601 with an offset (`Z` or `+04:00`); answered in UTC')
    .meta({ example: '2026-12-01T06:00:00Z' }),
  endsAt: InstantSchema.nullable()
    .optional()
    .describe('When it ends (after `startsAt`); null or left out: until ended')
    .meta({ example: '2026-12-04T18:00:00Z' }),
  reason: disruptionWritableShape.reason
    .describe(`Why, in plain words (at most ${MAX_DISRUPTION_TEXT} characters)`)
    .meta({ example: 'north-west storm, port closed' }),
  source: disruptionWritableShape.source
    .describe('Where the information comes from: a URL or a named notice')
    .meta({ example: 'https://www.portaktau.kz/en/news/' }),
};

/** POST /disruptions: the writable fields; unknown fields are refused. */
export const DisruptionCreateSchema = z
  .strictObject(writable)
  .superRefine(checkDisruptionRules)
  .describe('A new disruption');

/** PATCH /disruptions/{id}: JSON merge patch (RFC 7396) of the writable fields; null removes a field. */
export const DisruptionPatchSchema = z
  .strictObject({
    target: z
      .strictObject({
        kind: TargetSchema.shape.kind.optional(),
        id: TargetSchema.shape.id.optional(),
      })
      .optional()
      .describe('Merged into the current target'),
    effect: writable.effect.optional(),
    extraHours: writable.extraHours.nullable().describe('Extra hours of dwell; null removes it'),
    startsAt: writable.startsAt.optional(),
    endsAt: InstantSchema.nullable().optional().describe('When it ends; null: until ended'),
    reason: writable.reason.optional(),
    source: writable.source.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, {
    message: 'the patch changes nothing: name at least one field',
  })
  .describe('A JSON merge patch: the fields to change; null removes extraHours or endsAt');

export const DisruptionResourceSchema = z
  .object({
    id: z.string().describe('Stable id').meta({ example: '8a1f0c2e-5b7d-4e59-9a43-0f6c2d1e7b90' }),
    version: z
      .number()
      .int()
      .positive()
      .describe('Incremented by every change; the ETag is `"<version>"`')
      .meta({ example: 2 }),
    status: z
      .enum(DISRUPTION_STATUSES)
      .describe('At the time of the answer: `scheduled` (not started), `active`, `ended`')
      .meta({ example: 'active' }),
    ...writable,
    endsAt: InstantSchema.nullable()
      .describe('When it ends; null: until ended')
      .meta({ example: '2026-12-04T18:00:00Z' }),
    createdAt: InstantSchema.describe('When it was reported').meta({ example: '2026-12-01T05:40:12Z' }),
    updatedAt: InstantSchema.describe('When it last changed').meta({ example: '2026-12-01T09:02:45Z' }),
    createdBy: z
      .string()
      .describe('The API key (name) or operator who reported it')
      .meta({ example: 'ops-desk' }),
    updatedBy: z.string().describe('Who changed it last').meta({ example: 'ops-desk' }),
  })
  .describe('A closure or delay on a node, link, sea or country of the network');

export const DisruptionParamsSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(100)
    .describe('Disruption id')
    .meta({ example: '8a1f0c2e-5b7d-4e59-9a43-0f6c2d1e7b90' }),
});

/** GET /disruptions: filters, all optional. */
export const DisruptionListQuerySchema = z.strictObject({
  activeAt: InstantSchema.optional()
    .describe('Only disruptions active at this instant (ISO 8601 with an offset)')
    .meta({ example: '2026-12-02T00:00:00Z' }),
  status: z
    .string()
    .max(100)
    .transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(DISRUPTION_STATUSES)).min(1))
    .optional()
    .describe('Only these statuses now, comma-separated: `scheduled`, `active`, `ended`')
    .meta({ example: 'active,scheduled' }),
  targetKind: z
    .enum(DISRUPTION_TARGET_KINDS)
    .optional()
    .describe('Only targets of this kind')
    .meta({ example: 'node' }),
  targetId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only this target id')
    .meta({ example: 'KZ_AKTAU' }),
  effect: z.enum(DISRUPTION_EFFECTS).optional().describe('Only this effect').meta({ example: 'closed' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(100)
    .describe('At most this many (1-1000)')
    .meta({ example: 100 }),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe('Skip this many (paging)')
    .meta({ example: 0 }),
});

export const DisruptionListSchema = z
  .object({
    disruptions: z.array(DisruptionResourceSchema).describe('Latest start first'),
    total: z.number().int().describe('How many match the filters in all').meta({ example: 1 }),
    limit: z.number().int().describe('The page size applied').meta({ example: 100 }),
    offset: z.number().int().describe('The offset applied').meta({ example: 0 }),
    stateVersion: z.string().describe('The live-state version this answer reflects').meta({ example: '42' }),
    warnings: z
      .array(z.string())
      .describe(
        'When the state store is unreachable: the answer is the last known state, and says since when',
      ),
  })
  .describe('Disruptions matching the filters');

export const DisruptionHistorySchema = z
  .object({
    id: z.string().describe('Disruption id'),
    versions: z
      .array(
        z
          .object({
            version: z.number().int().describe('The version this change made').meta({ example: 1 }),
            change: z
              .enum(['created', 'updated', 'ended'])
              .describe('What kind of change')
              .meta({ example: 'created' }),
            changedAt: InstantSchema.describe('When').meta({ example: '2026-12-01T05:40:12Z' }),
            changedBy: z.string().describe('Who (API key name or operator)').meta({ example: 'ops-desk' }),
            disruption: DisruptionResourceSchema.omit({ status: true }).describe(
              'The disruption as it was after this change',
            ),
          })
          .describe('One version'),
      )
      .describe('Every version, oldest first'),
  })
  .describe('The history of a disruption');

z.globalRegistry.add(DisruptionResourceSchema, { id: 'Disruption' });
z.globalRegistry.add(DisruptionCreateSchema, { id: 'DisruptionCreate' });
z.globalRegistry.add(DisruptionPatchSchema, { id: 'DisruptionPatch' });

export type DisruptionCreate = z.output<typeof DisruptionCreateSchema>;
export type DisruptionPatch = z.output<typeof DisruptionPatchSchema>;
export type DisruptionAnswer = z.output<typeof DisruptionResourceSchema>;
