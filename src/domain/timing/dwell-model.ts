/**
 * Dwell at a node as a distribution that depends on when the cargo is there: the dwell.json record that covers
 * the day (a year's statistics, a congestion episode, some months), else the node's fixed dwell spread by the
 * default factors. A draw is a quantile u in [0, 1) read through a piecewise-linear quantile function that meets
 * p10, p50 and p90 exactly.
 */
import type { Network, NetworkNode } from '../network/network.js';
import { FIXED_DWELL, type TimingData } from '../network/timing-records.js';
import type { DwellRecord } from '../network/timing-schema.js';
import { DAY_MS, HOUR_MS } from './departure-instant.js';

/** Dwell quantiles at one node and time, hours. */
export interface DwellQuantiles {
  p10: number;
  p50: number;
  p90: number;
}

/**
 * The quantile `u` of a distribution given by its p10, p50 and p90: linear between them, and beyond them down to
 * p10 - (p50 - p10) / 4 (never below 0) and up to p90 + (p90 - p50) / 2, a longer upper tail, as queues have.
 */
export function dwellQuantile(q: DwellQuantiles, u: number): number {
  const lo = Math.max(0, q.p10 - (q.p50 - q.p10) / 4);
  const hi = q.p90 + (q.p90 - q.p50) / 2;
  if (u < 0.1) return lo + (q.p10 - lo) * (u / 0.1);
  if (u < 0.5) return q.p10 + (q.p50 - q.p10) * ((u - 0.1) / 0.4);
  if (u < 0.9) return q.p50 + (q.p90 - q.p50) * ((u - 0.5) / 0.4);
  return q.p90 + (hi - q.p90) * ((u - 0.9) / 0.1);
}

const dayStart = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** A record with its period in milliseconds (parsed once: the simulation asks millions of times). */
interface TimedRecord {
  record: DwellRecord;
  from: number;
  /** The instant after its last day. */
  end: number;
}

/** Whether the record covers the instant `t`. */
function covers(r: TimedRecord, t: number): boolean {
  if (t < r.from || t >= r.end) return false;
  return r.record.months === undefined || r.record.months.includes(new Date(t).getUTCMonth() + 1);
}

/** Per node: its records, the records covering it from elsewhere, and every instant at which its dwell may change. */
export interface NodeDwell {
  own: readonly TimedRecord[];
  coveredBy: readonly TimedRecord[];
  /** The nodes whose records include this one, once each. */
  coveringNodes: readonly string[];
  changes: readonly number[];
  /** No record concerns the node: its dwell never changes with the date. */
  fixed: boolean;
}

const timed = (record: DwellRecord): TimedRecord => ({
  record,
  from: dayStart(record.from),
  end: dayStart(record.to) + DAY_MS,
});

function changesOf(records: readonly TimedRecord[]): number[] {
  const out = new Set<number>();
  for (const { record, from, end } of records) {
    out.add(from);
    out.add(end);
    if (record.months) {
      const d = new Date(from);
      for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); m < end; ) {
        out.add(m);
        const n = new Date(m);
        m = Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

function nodeDwell(network: Network, timing: TimingData, id: string): NodeDwell {
  const known = network.engine.timing(timing).nodeDwell;
  let entry = known.get(id);
  if (entry === undefined) {
    const own = (timing.dwellByNode.get(id) ?? []).map(timed);
    const coveredBy = (timing.includedBy.get(id) ?? []).map(timed);
    entry = {
      own,
      coveredBy,
      coveringNodes: [...new Set(coveredBy.map((r) => r.record.node))],
      changes: changesOf([...own, ...coveredBy]),
      fixed: own.length === 0 && coveredBy.length === 0,
    };
    known.set(id, entry);
  }
  return entry;
}

/**
 * The node's own record that applies at `t`: the latest covering it; with none, a measured record of the
 * nearest year before or after stands in for the years without statistics (a 2026 departure is timed with the
 * 2024 figures).
 */
function recordAt(entry: NodeDwell, t: number): TimedRecord | undefined {
  let chosen: TimedRecord | undefined;
  for (const r of entry.own) if (covers(r, t)) chosen = r;
  if (chosen === undefined && entry.own.length > 0) {
    let before: TimedRecord | undefined;
    let after: TimedRecord | undefined;
    for (const r of entry.own) {
      if (r.record.kind !== 'measured' || r.record.months !== undefined) continue;
      if (r.end <= t) before = r;
      else if (after === undefined && r.from > t) after = r;
    }
    chosen = before ?? after;
  }
  return chosen;
}

/**
 * The record of another node that covers `id` at `t`: the record in force at that node (the stand-in of the
 * nearest year included, as for the node itself) when it lists `id` among the nodes it includes.
 */
function coveringRecordAt(
  network: Network,
  timing: TimingData,
  id: string,
  entry: NodeDwell,
  t: number,
): TimedRecord | undefined {
  for (const at of entry.coveringNodes) {
    const inForce = recordAt(nodeDwell(network, timing, at), t);
    if (inForce?.record.includes.includes(id)) return inForce;
  }
  return undefined;
}

/** The dwell quantiles at `node` for cargo there at `t` (hours); zero when another node's record covers it. */
export function dwellQuantilesAt(network: Network, node: NetworkNode, t: number): DwellQuantiles {
  const timing = network.timing;
  if (timing === undefined) return { p10: node.dwell, p50: node.dwell, p90: node.dwell };
  const entry = nodeDwell(network, timing, node.id);
  if (coveringRecordAt(network, timing, node.id, entry, t) !== undefined) return { p10: 0, p50: 0, p90: 0 };
  const chosen = recordAt(entry, t);
  if (chosen) return chosen.record;
  const spread = timing.defaultSpread ?? FIXED_DWELL;
  return { p10: node.dwell * spread.p10Factor, p50: node.dwell, p90: node.dwell * spread.p90Factor };
}

/**
 * Whether a dwell record measuring the whole crossing (`includesHandling`) may ever apply at the node, its own
 * or one that includes it: only then does its handling depend on the date.
 */
export function mayCoverHandling(network: Network, node: NetworkNode): boolean {
  const timing = network.timing;
  if (timing === undefined) return false;
  const entry = nodeDwell(network, timing, node.id);
  return [...entry.own, ...entry.coveredBy].some((r) => r.record.includesHandling);
}

/**
 * Whether the node's handling is part of its dwell on every date: its own records all measure the whole crossing
 * and one of them is a yearly measured record, which applies or stands in on any date; no other node's record
 * includes it. The handling then never needs a check per run.
 */
export function handlingAlwaysCovered(network: Network, node: NetworkNode): boolean {
  const timing = network.timing;
  if (timing === undefined) return false;
  const entry = nodeDwell(network, timing, node.id);
  return (
    entry.coveringNodes.length === 0 &&
    entry.own.length > 0 &&
    entry.own.every((r) => r.record.includesHandling) &&
    entry.own.some((r) => r.record.kind === 'measured' && r.record.months === undefined)
  );
}

/**
 * Whether the handling at `node` for cargo there at `t` is already part of the dwell that applies then: the
 * record in force measures the whole crossing, transhipment included (CAREC's border-crossing time from entry
 * to exit), so the transhipment is not drawn a second time.
 */
export function handlingCoveredAt(network: Network, node: NetworkNode, t: number): boolean {
  const timing = network.timing;
  if (timing === undefined) return false;
  const entry = nodeDwell(network, timing, node.id);
  const covering = coveringRecordAt(network, timing, node.id, entry, t);
  if (covering !== undefined) return covering.record.includesHandling;
  return recordAt(entry, t)?.record.includesHandling ?? false;
}

/** The node's dwell quantiles when they never change with the date (no record concerns it), else null. */
export function fixedDwellOf(network: Network, node: NetworkNode): DwellQuantiles | null {
  const timing = network.timing;
  if (timing !== undefined && !nodeDwell(network, timing, node.id).fixed) return null;
  return dwellQuantilesAt(network, node, 0);
}

/**
 * When cargo that reaches `node` at `t` is ready to leave, for the draw `u`. Where the distribution changes
 * while the cargo waits (a congestion episode ends, a new year's figures begin), cargo is never held longer
 * than cargo arriving later would be: the answer is the earliest of leaving by today's draw or by the draw of
 * any later change, so leaving later never means leaving earlier (FIFO).
 */
export function readyToLeave(network: Network, node: NetworkNode, t: number, u: number): number {
  let best = t + dwellQuantile(dwellQuantilesAt(network, node, t), u) * HOUR_MS;
  const timing = network.timing;
  if (timing === undefined) return best;
  const entry = nodeDwell(network, timing, node.id);
  if (entry.fixed) return best;
  for (const change of entry.changes) {
    if (change <= t) continue;
    if (change >= best) break;
    const later = change + dwellQuantile(dwellQuantilesAt(network, node, change), u) * HOUR_MS;
    if (later < best) best = later;
  }
  return best;
}

/**
 * The handling quantiles (hours) at `node` for a leg that loads, unloads or tranships there for `hours` by the
 * typical figures: the node's dwell.json handling record, else those hours spread by the default factors; null
 * when the leg handles nothing there.
 */
export function handlingQuantiles(network: Network, node: NetworkNode, hours: number): DwellQuantiles | null {
  if (hours <= 0) return null;
  const timing = network.timing;
  const record = timing?.handlingByNode.get(node.id);
  if (record) return record;
  const spread = timing?.defaultSpread ?? FIXED_DWELL;
  return { p10: hours * spread.p10Factor, p50: hours, p90: hours * spread.p90Factor };
}
