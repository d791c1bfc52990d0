/**
 * Why there is no route: which constraints cut the origin off from the destination, and every smallest set of
 * constraints (up to MAX_RELAXATION_SIZE) whose lifting restores a route. Computed on the graph by
 * reachability checks, smallest sets first; a set that contains a smaller working set is never reported.
 */
import type { Constraint, Relaxation } from '../errors.js';
import type { Disruption } from '../live/disruption-schema.js';
import type { Network } from '../network/network.js';
import { compileDisruptions } from '../routing/disruption-rules.js';
import { pathThroughStops } from '../routing/path-through-stops.js';
import { type Constraints, withMasks } from '../routing/route-constraints.js';

/** The live state a request plans with: its disruptions and the departure they are timed from. */
export interface LiveContext {
  disruptions: readonly Disruption[];
  departAt: Date;
}

/** Largest number of constraints lifted together in one relaxation. */
export const MAX_RELAXATION_SIZE = 3;
/** Upper bound on reachability checks per explanation, so that a long avoid list stays cheap. */
export const MAX_RELAXATION_CHECKS = 2000;

export interface NoRouteExplanation {
  blockedBy: Constraint[];
  relaxations: Relaxation[];
  /** False when the search stopped at MAX_RELAXATION_CHECKS before trying every set. */
  complete: boolean;
}

export function listConstraints(c: Constraints): Constraint[] {
  return [
    ...c.countries.map((value) => ({ kind: 'country' as const, value })),
    ...c.modes.map((value) => ({ kind: 'mode' as const, value })),
    ...c.seas.map((value) => ({ kind: 'sea' as const, value })),
    ...c.nodes.map((value) => ({ kind: 'node' as const, value })),
    ...(c.exclusions ?? []).map((e) => e.constraint),
  ];
}

function without(c: Constraints, lifted: readonly Constraint[]): Constraints {
  const isLifted = (kind: Constraint['kind'], v: string) =>
    lifted.some((l) => l.kind === kind && l.value === v);
  const drop = (kind: Constraint['kind'], values: readonly string[]) =>
    values.filter((v) => !isLifted(kind, v));
  return {
    countries: drop('country', c.countries),
    modes: drop('mode', c.modes) as Constraints['modes'],
    seas: drop('sea', c.seas),
    nodes: drop('node', c.nodes),
    exclusions: (c.exclusions ?? []).filter((e) => !isLifted(e.constraint.kind, e.constraint.value)),
    ...(c.closedLinks ? { closedLinks: c.closedLinks } : {}),
  };
}

/** The closures of the live state that may stand in the way (each a constraint to lift). */
function closuresOf(network: Network, live: LiveContext | undefined): Constraint[] {
  if (!live) return [];
  const rules = compileDisruptions(network, live.disruptions, live.departAt);
  return (rules?.disruptions ?? [])
    .filter((d) => d.effect === 'closed')
    .map((d) => ({ kind: 'disruption' as const, value: d.id }));
}

/**
 * True when every consecutive pair of stops is connected under the constraints (and, with a live state, by a
 * path that meets no closure in force; closures named in `lifted` are left out).
 */
export function isRoutable(
  network: Network,
  stops: readonly number[],
  constraints: Constraints,
  live?: LiveContext,
  lifted: readonly Constraint[] = [],
): boolean {
  const rules = live
    ? compileDisruptions(network, live.disruptions, live.departAt, {
        without: new Set(lifted.filter((c) => c.kind === 'disruption').map((c) => c.value)),
      })
    : null;
  return withMasks(network, constraints, ({ blockedNodes, blockedLinks }) => {
    // Closures only take links and nodes away: a pair the static search cannot join stays apart, and that
    // breadth-first check is far cheaper than the timed search.
    for (let i = 0; i + 1 < stops.length; i++) {
      if (!network.engine.search.reachable(stops[i] ?? 0, stops[i + 1] ?? 0, blockedNodes, blockedLinks))
        return false;
    }
    if (!rules) return true;
    return pathThroughStops(network, stops, 'time', { blockedNodes, blockedLinks }, rules) !== null;
  });
}

function* combinations<T>(items: readonly T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i] as T, ...rest];
  }
}

/**
 * Explains a missing route between consecutive stops (node indices) under the constraints and, with a live
 * state, its closures (each named `{ kind: 'disruption', value: id }`).
 */
export function explainNoRoute(
  network: Network,
  stops: readonly number[],
  constraints: Constraints,
  live?: LiveContext,
): NoRouteExplanation {
  const all = [...listConstraints(constraints), ...closuresOf(network, live)];
  const relaxations: Relaxation[] = [];
  let checks = 0;
  let complete = true;
  const routableWithout = (lifted: readonly Constraint[]) =>
    isRoutable(network, stops, without(constraints, lifted), live, lifted);
  const liftable = all.length > 0 && routableWithout(all);
  if (liftable) {
    search: for (let size = 1; size <= Math.min(MAX_RELAXATION_SIZE, all.length); size++) {
      for (const subset of combinations(all, size)) {
        if (relaxations.some((r) => r.allow.every((a) => subset.includes(a)))) continue;
        if (++checks > MAX_RELAXATION_CHECKS) {
          complete = false;
          break search;
        }
        if (routableWithout(subset)) relaxations.push({ allow: subset });
      }
    }
  }
  const blocking = new Set(relaxations.flatMap((r) => r.allow));
  // Without any relaxation that works, every constraint is reported, unless the network itself has no connection.
  const blockedBy = relaxations.length > 0 ? all.filter((c) => blocking.has(c)) : liftable ? all : [];
  return { blockedBy, relaxations, complete };
}
