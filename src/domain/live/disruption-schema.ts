/**
 * Disruptions: closures and delays that operators report on the network (a storm closes a port, a border
 * queue adds days). This is the one definition of what a disruption is; the store keeps them durably
 * (src/state/), the HTTP layer extends these schemas with documentation, and routing reads them.
 */
import { z } from 'zod';

export const DISRUPTION_TARGET_KINDS = ['node', 'link', 'sea', 'country'] as const;
export const DISRUPTION_EFFECTS = ['closed', 'delay'] as const;
export const DISRUPTION_STATUSES = ['scheduled', 'active', 'ended'] as const;

/** What a disruption applies to: a node id, a link id (`FROM--TO--mode`), a sea id, or a country code. */
export const DisruptionTargetSchema = z.strictObject({
  kind: z.enum(DISRUPTION_TARGET_KINDS),
  id: z.string().trim().min(1).max(200),
});

/** An instant, ISO 8601 with an offset (`Z` or `+04:00`). */
export const InstantSchema = z.iso.datetime({ offset: true });

/** A stored disruption as routing sees it (the store adds who and when). */
export const DisruptionSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().positive(),
  target: DisruptionTargetSchema,
  effect: z.enum(DISRUPTION_EFFECTS),
  /** Extra dwell, hours, where the effect is `delay`. */
  extraHours: z
    .number()
    .positive()
    .max(24 * 365)
    .optional(),
  startsAt: InstantSchema,
  /** null: until ended. DELETE ends a disruption by setting this to the time it was ended. */
  endsAt: InstantSchema.nullable(),
  reason: z.string(),
  source: z.string(),
});

export type DisruptionTargetKind = (typeof DISRUPTION_TARGET_KINDS)[number];
export type DisruptionEffect = (typeof DISRUPTION_EFFECTS)[number];
export type DisruptionStatus = (typeof DISRUPTION_STATUSES)[number];
export type DisruptionTarget = z.output<typeof DisruptionTargetSchema>;
export type Disruption = z.output<typeof DisruptionSchema>;

/** The status of a disruption at an instant: before its start scheduled, from its end on ended. */
export function disruptionStatus(
  disruption: Pick<Disruption, 'startsAt' | 'endsAt'>,
  at: Date,
): DisruptionStatus {
  const t = at.getTime();
  if (t < Date.parse(disruption.startsAt)) return 'scheduled';
  if (disruption.endsAt !== null && t >= Date.parse(disruption.endsAt)) return 'ended';
  return 'active';
}

/**
 * The live state of the network at one moment: every disruption that is scheduled or active (ended ones may
 * be left out), and a version that changes whenever any of them changes. Routing reads one snapshot per
 * request; answers are cached under its version, so no answer computed before a change is served after it.
 */
export interface LiveState {
  readonly version: string;
  readonly disruptions: readonly Disruption[];
}

/** Where the HTTP layer gets the current live state from (the store's in-memory mirror, or a fixed list). */
export interface LiveStateSource {
  current(): LiveState;
}

/** A live state with no disruptions (the static network). */
export const NO_DISRUPTIONS: LiveState = Object.freeze({ version: '0', disruptions: Object.freeze([]) });
