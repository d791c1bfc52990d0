/**
 * The instants the timing model reads and writes: a departure or deadline given as an ISO 8601 date-time with an
 * offset, or as a date (00:00 UTC); answers in ISO 8601 UTC to the minute.
 */

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Milliseconds since the epoch of `text`, or undefined when it is neither a date (YYYY-MM-DD, read as 00:00 UTC)
 * nor a date-time with an offset (`Z` or `+04:00`): a time without an offset would mean a different instant in
 * every time zone.
 */
export function parseInstant(text: string): number | undefined {
  const date = DATE.exec(text);
  if (date) {
    const ms = Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]));
    // Date.UTC rolls 2025-02-30 over into March: such a day does not exist.
    return new Date(ms).getUTCDate() === Number(date[3]) ? ms : undefined;
  }
  if (!DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** An instant as ISO 8601 UTC to the minute (`2026-12-05T14:00Z` is written `2026-12-05T14:00:00Z`). */
export function formatInstant(ms: number): string {
  const minute = Math.round(ms / 60_000) * 60_000;
  return `${new Date(minute).toISOString().slice(0, 19)}Z`;
}

/** The UTC calendar date of an instant, YYYY-MM-DD. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
