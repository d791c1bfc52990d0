/**
 * Reviewed detours: bends that the detour audit (audit-network.ts) flags and that were checked against the
 * lines the trains really follow. Each record names the bend (the node where the path turns back and the two
 * ends), a verdict and its reason with a source. `reversal`: the trains really run this way (no shorter line
 * exists). `gap`: a shorter line exists but the network does not model it, and the pair is not corridor traffic.
 * Read from `detour-reviews/*.json` of a network directory (optional; one file per region, in name order), so
 * that the audit can hold the data to "no unreviewed detour" region by region.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NetworkDataError } from '../errors.js';
import type { DetourSuspect } from './audit-network.js';
import type { Network } from './network.js';

/** Folder of a network directory that holds the review files. */
export const DETOUR_REVIEWS_DIR = 'detour-reviews';

export const DETOUR_VERDICTS = ['reversal', 'gap'] as const;

const nodeId = z.string().min(1);

export const DetourReviewSchema = z.strictObject({
  /** The node where the path turns back. */
  via: nodeId,
  /** The two ends of the bend, in either order. */
  between: z.tuple([nodeId, nodeId]),
  verdict: z.enum(DETOUR_VERDICTS),
  /** Why the bend is what the trains do, or which line is missing. */
  reason: z.string().min(10),
  /** Where the routing or the line comes from: an address, or `estimate: how`. */
  source: z.string().min(4),
});

export type DetourReview = z.output<typeof DetourReviewSchema> & { file: string };

const pathText = (path: PropertyKey[]) =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

/**
 * The reviews of a network directory, validated against its nodes: every id must be a known node and each
 * bend is reviewed once.
 * @throws NetworkDataError naming the file, the record and the field of each problem.
 */
export function readDetourReviews(dir: string, network: Network): DetourReview[] {
  const folder = join(dir, DETOUR_REVIEWS_DIR);
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const problems: string[] = [];
  const reviews: DetourReview[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = `${DETOUR_REVIEWS_DIR}/${name}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(folder, name), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    const result = z.array(DetourReviewSchema).safeParse(raw);
    if (!result.success) {
      for (const i of result.error.issues) problems.push(`${file}${pathText(i.path)}: ${i.message}`);
      continue;
    }
    for (const [i, r] of result.data.entries()) {
      const fields: [string, string][] = [
        ['via', r.via],
        ['between[0]', r.between[0]],
        ['between[1]', r.between[1]],
      ];
      for (const [field, id] of fields)
        if (!network.nodeById.has(id)) problems.push(`${file}[${i}].${field}: "${id}" is not a known node`);
      if (r.between[0] === r.between[1])
        problems.push(`${file}[${i}].between: the two ends are the same node "${r.between[0]}"`);
      const key = bendKey(r.via, r.between[0], r.between[1]);
      const first = seen.get(key);
      if (first) problems.push(`${file}[${i}]: the bend ${key} is already reviewed in ${first}`);
      else seen.set(key, `${file}[${i}]`);
      reviews.push({ ...r, file });
    }
  }
  if (problems.length > 0) throw new NetworkDataError(problems);
  return reviews;
}

const bendKey = (via: string, a: string, b: string) => (a < b ? `${a}–${via}–${b}` : `${b}–${via}–${a}`);

/** The suspects no review covers, and the reviews that match no current suspect (stale: the data changed). */
export function applyDetourReviews(
  suspects: DetourSuspect[],
  reviews: DetourReview[],
): { unreviewed: DetourSuspect[]; reviewed: DetourSuspect[]; stale: DetourReview[] } {
  const byKey = new Map(reviews.map((r) => [bendKey(r.via, r.between[0], r.between[1]), r]));
  const matched = new Set<DetourReview>();
  const unreviewed: DetourSuspect[] = [];
  const reviewed: DetourSuspect[] = [];
  for (const s of suspects) {
    const r = byKey.get(bendKey(s.via, s.from, s.to));
    if (r) {
      matched.add(r);
      reviewed.push(s);
    } else unreviewed.push(s);
  }
  return { unreviewed, reviewed, stale: reviews.filter((r) => !matched.has(r)) };
}
