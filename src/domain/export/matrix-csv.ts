/**
 * A matrix as CSV (RFC 4180): a header row, then one row per cell (origins in order, within each its
 * destinations in order), so that a spreadsheet or a database import reads it without reshaping.
 */
import type { Matrix } from '../planning/matrix.js';

/** Quotes a field when it holds a comma, a quote or a line break (RFC 4180 section 2). */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The matrix as CSV text, lines ending in CRLF as RFC 4180 asks; list cells are space-separated. */
export function matrixToCsv(matrix: Matrix): string {
  const header = [
    'origin_id',
    'origin_name',
    'destination_id',
    'destination_name',
    'distance_km',
    'duration_hours',
    'co2e_kg_per_tonne',
    'unreachable',
  ];
  if (matrix.countries) header.push('countries');
  if (matrix.seas) header.push('seas');
  const lines = [header.join(',')];
  matrix.origins.forEach((o, i) => {
    matrix.destinations.forEach((d, j) => {
      const row = [
        field(o.id),
        field(o.name),
        field(d.id),
        field(d.name),
        field(matrix.distanceKm[i]?.[j]),
        field(matrix.durationHours[i]?.[j]),
        field(matrix.co2eKgPerTonne[i]?.[j]),
        field(matrix.unreachable[i]?.[j]),
      ];
      if (matrix.countries) row.push(field(matrix.countries[i]?.[j]?.join(' ')));
      if (matrix.seas) row.push(field(matrix.seas[i]?.[j]?.join(' ')));
      lines.push(row.join(','));
    });
  });
  return `${lines.join('\r\n')}\r\n`;
}
