/**
 * The live state's disruptions compiled for one request: each disruption resolved to the node and link indices
 * it applies to (a sea: every ferry link on it; a country: every border crossing into or out of it) and its
 * time window expressed in hours after the departure, so that a search can ask "is this node closed when the
 * cargo gets there?" with a lookup and two comparisons. Disruptions on elements the network does not have, and
 * those that ended before the departure, cannot touch a route and are left out.
 */
import type { Disruption } from '../live/disruption-schema.js';
import { toAlpha2 } from '../network/countries.js';
import type { Network } from '../network/network.js';

const HOUR_MS = 3_600_000;

/** One disruption as it applies to one element, its window in hours after the departure. */
export interface TimedRule {
  /** Index into DisruptionRules.disruptions. */
  disruption: number;
  closed: boolean;
  /** Extra dwell of a delay, hours (0 for a closure). */
  extraHours: number;
  /** Active from this hour (negative: it had started before the departure) ... */
  from: number;
  /** ... until this hour, exclusive (Infinity: until ended). */
  until: number;
}

export interface DisruptionRules {
  departAt: Date;
  /** The disruptions that can touch a route of this request, in the order given. */
  disruptions: readonly Disruption[];
  /** Rules per node index (closures checked on arrival, delays added before leaving). */
  nodeRules: ReadonlyMap<number, readonly TimedRule[]>;
  /** Rules per link index (checked when the cargo sets off on the link). */
  linkRules: ReadonlyMap<number, readonly TimedRule[]>;
}

/** Whether a rule is in force at `hour` after the departure. */
export const activeAt = (rule: TimedRule, hour: number): boolean => rule.from <= hour && hour < rule.until;

/** A closure of the rules in force at `hour`, or undefined. */
export function closureAt(rules: readonly TimedRule[] | undefined, hour: number): TimedRule | undefined {
  if (rules === undefined) return undefined;
  for (const r of rules) if (r.closed && activeAt(r, hour)) return r;
  return undefined;
}

/** Extra hours of the delays in force at `hour` (0 when none). */
export function delayAt(rules: readonly TimedRule[] | undefined, hour: number): number {
  if (rules === undefined) return 0;
  let extra = 0;
  for (const r of rules) if (!r.closed && activeAt(r, hour)) extra += r.extraHours;
  return extra;
}

/**
 * The elements a disruption's target can name, as index lists of one network: link ids (both directions:
 * `A--B--rail` and `B--A--rail` name the same two-way link), the border crossings of each country (links whose
 * countries include it and at least one other) and the ferry links of each sea. Built on first use.
 */
export class DisruptionTargets {
  private linkIds: Map<string, number> | undefined;
  private spellings: Map<string, string> | undefined;
  private borders: Map<string, number[]> | undefined;
  private seaLinks: Map<string, number[]> | undefined;

  constructor(private readonly network: Network) {}

  /** The node and link indices a disruption's target names in the network (both empty when none). */
  resolve(target: Disruption['target']): { nodes: number[]; links: number[] } {
    const { network } = this;
    switch (target.kind) {
      case 'node': {
        const node = network.nodeById.get(target.id);
        return { nodes: node ? [node.index] : [], links: [] };
      }
      case 'link': {
        const l = this.linkIndex().get(target.id);
        return { nodes: [], links: l === undefined ? [] : [l] };
      }
      case 'sea':
        return { nodes: [], links: this.seaIndex().get(target.id) ?? [] };
      case 'country': {
        let code: string;
        try {
          code = toAlpha2(target.id, 'target');
        } catch {
          return { nodes: [], links: [] };
        }
        return { nodes: [], links: this.borderIndex().get(code) ?? [] };
      }
    }
  }

  /** The link id as the network writes it, for an id in any case (undefined when the network has no such link). */
  linkIdSpelled(id: string): string | undefined {
    this.spellings ??= new Map(this.network.links.map((l) => [l.id.toLowerCase(), l.id]));
    return this.spellings.get(id.toLowerCase());
  }

  private linkIndex(): Map<string, number> {
    if (this.linkIds) return this.linkIds;
    const byId = new Map<string, number>();
    for (const link of this.network.links) {
      byId.set(link.id, link.index);
      if (!link.oneway) {
        const reversed = `${link.to}--${link.from}--${link.mode}`;
        if (!byId.has(reversed)) byId.set(reversed, link.index);
      }
    }
    this.linkIds = byId;
    return byId;
  }

  private borderIndex(): Map<string, number[]> {
    if (this.borders) return this.borders;
    const byCountry = new Map<string, number[]>();
    for (const link of this.network.links) {
      if (link.countryPath.length < 2) continue;
      for (const c of new Set(link.countryPath)) push(byCountry, c, link.index);
    }
    this.borders = byCountry;
    return byCountry;
  }

  private seaIndex(): Map<string, number[]> {
    if (this.seaLinks) return this.seaLinks;
    const bySea = new Map<string, number[]>();
    for (const link of this.network.links) {
      if (link.mode === 'ferry' && link.sea !== undefined) push(bySea, link.sea, link.index);
    }
    this.seaLinks = bySea;
    return bySea;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The node and link indices a disruption's target names in the network (both empty when none). */
export function resolveDisruptionTarget(
  network: Network,
  target: Disruption['target'],
): { nodes: number[]; links: number[] } {
  return network.engine.disruptionTargets.resolve(target);
}

export interface CompileDisruptionsOptions {
  /** Disruption ids to leave out (a relaxation being tried, or `closures: false` for the undisrupted plan). */
  without?: ReadonlySet<string>;
  /** False: leave every closure out (delays stay). */
  closures?: boolean;
}

/**
 * Compiles the disruptions that can touch a route departing at `departAt`; null when none can, so that callers
 * keep the static search.
 */
export function compileDisruptions(
  network: Network,
  disruptions: readonly Disruption[],
  departAt: Date,
  { without, closures = true }: CompileDisruptionsOptions = {},
): DisruptionRules | null {
  const t0 = departAt.getTime();
  const kept: Disruption[] = [];
  const nodeRules = new Map<number, TimedRule[]>();
  const linkRules = new Map<number, TimedRule[]>();
  const add = (map: Map<number, TimedRule[]>, key: number, rule: TimedRule) => {
    const list = map.get(key);
    if (list) list.push(rule);
    else map.set(key, [rule]);
  };
  for (const d of disruptions) {
    if (without?.has(d.id)) continue;
    const closed = d.effect === 'closed';
    if (closed && !closures) continue;
    const extraHours = closed ? 0 : (d.extraHours ?? 0);
    if (!closed && extraHours <= 0) continue;
    const until = d.endsAt === null ? Number.POSITIVE_INFINITY : (Date.parse(d.endsAt) - t0) / HOUR_MS;
    // Ended by the departure: the cargo cannot meet it anywhere.
    if (until <= 0) continue;
    const { nodes, links } = resolveDisruptionTarget(network, d.target);
    if (nodes.length + links.length === 0) continue;
    const rule: TimedRule = {
      disruption: kept.length,
      closed,
      extraHours,
      from: (Date.parse(d.startsAt) - t0) / HOUR_MS,
      until,
    };
    kept.push(d);
    for (const n of nodes) add(nodeRules, n, rule);
    for (const l of links) add(linkRules, l, rule);
  }
  if (kept.length === 0) return null;
  return { departAt, disruptions: kept, nodeRules, linkRules };
}
