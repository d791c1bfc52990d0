/**
 * The list filters of DisruptionStore.list applied to records in memory: the mirror's last known state
 * answers GET /disruptions while the store is unreachable, with the same meaning as the SQL.
 */
import { disruptionStatus } from '../domain/index.js';
import type { StoredDisruption } from './disruption-record.js';
import type { DisruptionFilter } from './disruption-store.js';

/** Whether a record passes a filter at `now`. */
export function matchesFilter(record: StoredDisruption, filter: DisruptionFilter, now: number): boolean {
  if (filter.targetKind !== undefined && record.target.kind !== filter.targetKind) return false;
  if (filter.targetId !== undefined && record.target.id !== filter.targetId) return false;
  if (filter.effect !== undefined && record.effect !== filter.effect) return false;
  if (filter.activeAt !== undefined && disruptionStatus(record, new Date(filter.activeAt)) !== 'active')
    return false;
  if (
    filter.status &&
    filter.status.length > 0 &&
    !filter.status.includes(disruptionStatus(record, new Date(now)))
  ) {
    return false;
  }
  return true;
}

/** Filters, orders (latest start first) and pages records as DisruptionStore.list does. */
export function listInMemory(
  records: readonly StoredDisruption[],
  filter: DisruptionFilter,
  now: number,
): { disruptions: StoredDisruption[]; total: number } {
  const matching = records
    .filter((r) => matchesFilter(r, filter, now))
    .sort(
      (a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const offset = filter.offset ?? 0;
  return { disruptions: matching.slice(offset, offset + (filter.limit ?? 100)), total: matching.length };
}
