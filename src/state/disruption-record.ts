/**
 * A disruption as the store keeps it: the domain's Disruption plus who wrote it and when. Rows convert to
 * records here and nowhere else.
 */
import { z } from 'zod';
import { type Disruption, DisruptionSchema, InstantSchema } from '../domain/index.js';
import type { DisruptionsTable } from './state-tables.js';

export const StoredDisruptionSchema = DisruptionSchema.extend({
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  createdBy: z.string(),
  updatedBy: z.string(),
});

export type StoredDisruption = z.output<typeof StoredDisruptionSchema>;

/** Epoch milliseconds as ISO 8601 UTC, without a fraction when it is zero (`2026-12-01T06:00:00Z`). */
export function toInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function fromRow(row: DisruptionsTable): StoredDisruption {
  return {
    id: row.id,
    version: Number(row.version),
    target: { kind: row.target_kind as Disruption['target']['kind'], id: row.target_id },
    effect: row.effect as Disruption['effect'],
    ...(row.extra_hours !== null ? { extraHours: Number(row.extra_hours) } : {}),
    startsAt: toInstant(Number(row.starts_at)),
    endsAt: row.ends_at === null ? null : toInstant(Number(row.ends_at)),
    reason: row.reason,
    source: row.source,
    createdAt: toInstant(Number(row.created_at)),
    updatedAt: toInstant(Number(row.updated_at)),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

/** The domain's view of a record (what routing reads): no who and when. */
export function toDisruption(record: StoredDisruption): Disruption {
  return {
    id: record.id,
    version: record.version,
    target: record.target,
    effect: record.effect,
    ...(record.extraHours !== undefined ? { extraHours: record.extraHours } : {}),
    startsAt: record.startsAt,
    endsAt: record.endsAt,
    reason: record.reason,
    source: record.source,
  };
}
