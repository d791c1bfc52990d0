/**
 * What a client may write of a disruption (the writable part of DisruptionSchema) and the rules that tie its
 * fields together: `extraHours` exactly when the effect is `delay`, and an end after the start. The HTTP
 * layer documents these fields and applies the same rules; the store never sees an input that broke them.
 */
import { z } from 'zod';
import { DisruptionSchema, InstantSchema } from './disruption-schema.js';

/** Longest `reason` and `source` accepted (a sentence or two, a URL). */
export const MAX_DISRUPTION_TEXT = 2000;

/** The writable fields, each as DisruptionSchema defines it, with texts required and bounded. */
export const disruptionWritableShape = {
  target: DisruptionSchema.shape.target,
  effect: DisruptionSchema.shape.effect,
  extraHours: DisruptionSchema.shape.extraHours,
  startsAt: InstantSchema,
  endsAt: InstantSchema.nullable().default(null),
  reason: z.string().trim().min(1).max(MAX_DISRUPTION_TEXT),
  source: z.string().trim().min(1).max(MAX_DISRUPTION_TEXT),
};

/** The rules across fields; issues carry the path of the field at fault. */
export function checkDisruptionRules(
  value: {
    effect: string;
    extraHours?: number | undefined;
    startsAt: string;
    endsAt?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  if (value.effect === 'delay' && value.extraHours === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['extraHours'],
      message: 'is required when effect is "delay" (hours > 0)',
    });
  }
  if (value.effect !== 'delay' && value.extraHours !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['extraHours'],
      message: `applies only to effect "delay" (effect is "${value.effect}"); leave it out (or null in a PATCH)`,
    });
  }
  if (
    value.endsAt !== null &&
    value.endsAt !== undefined &&
    Date.parse(value.endsAt) <= Date.parse(value.startsAt)
  ) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `must be after startsAt (${value.startsAt})` });
  }
}

/** A disruption as a client writes it (POST body; a PATCH after merging). */
export const DisruptionInputSchema = z
  .strictObject(disruptionWritableShape)
  .superRefine(checkDisruptionRules);

export type DisruptionInput = z.output<typeof DisruptionInputSchema>;
