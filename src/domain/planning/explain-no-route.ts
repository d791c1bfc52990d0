/**
 * Why there is no route: which constraints cut the origin off from the destination, and every smallest set of
 * constraints (up to MAX_RELAXATION_SIZE) whose lifting restores a route. Computed on the graph by
 * reachability checks, smallest sets first; a set that contains a smaller working set is never reported.
 */
import type { Constraint, Relaxation } from '../errors.js';
import type { Network } from '../network/network.js';
import { type Constraints, withMasks } from '../routing/route-constraints.js';
import { reachable } from '../routing/shortest-path.js';

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
  ];
}

function without(c: Constraints, lifted: readonly Constraint[]): Constraints {
  const drop = (kind: Constraint['kind'], values: readonly string[]) =>
    values.filter((v) => !lifted.some((l) => l.kind === kind && l.value === v));
  return {
    countries: drop('country', c.countries),
    modes: drop('mode', c.modes) as Constraints['modes'],
    seas: drop('sea', c.seas),
    nodes: drop('node', c.nodes),
  };
}

/** True when every consecutive pair of stops is connected under the constraints. */
export function isRoutable(network: Network, stops: readonly number[], constraints: Constraints): boolean {
  return withMasks(network, constraints, ({ blockedNodes, blockedLinks }) => {
    for (let i = 0; i + 1 < stops.length; i++) {
      if (!reachable(network.routing, stops[i] ?? 0, stops[i + 1] ?? 0, blockedNodes, blockedLinks))
        return false;
    }
    return true;
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

/** Explains a missing route between consecutive stops (node indices) under the constraints. */
export function explainNoRoute(
  network: Network,
  stops: readonly number[],
  constraints: Constraints,
): NoRouteExplanation {
  const all = listConstraints(constraints);
  const relaxations: Relaxation[] = [];
  let checks = 0;
  let complete = true;
  const liftable = all.length > 0 && isRoutable(network, stops, without(constraints, all));
  if (liftable) {
    search: for (let size = 1; size <= Math.min(MAX_RELAXATION_SIZE, all.length); size++) {
      for (const subset of combinations(all, size)) {
        if (relaxations.some((r) => r.allow.every((a) => subset.includes(a)))) continue;
        if (++checks > MAX_RELAXATION_CHECKS) {
          complete = false;
          break search;
        }
        if (isRoutable(network, stops, without(constraints, subset))) relaxations.push({ allow: subset });
      }
    }
  }
  const blocking = new Set(relaxations.flatMap((r) => r.allow));
  // Without any relaxation that works, every constraint is reported, unless the network itself has no connection.
  const blockedBy = relaxations.length > 0 ? all.filter((c) => blocking.has(c)) : liftable ? all : [];
  return { blockedBy, relaxations, complete };
}
