/**
 * When time alone changes a watch's answer down its route. An undated query is planned from now (rounded down
 * to the departure step), and a disruption applies when the cargo reaches its target: at a node on arrival,
 * on a link when it sets off on it (disruption-rules.ts). A closure of Aktau from Friday 00:00, met 150 hours
 * after leaving Xi'an, comes into force for the answer when cargo leaving now would first reach Aktau inside
 * it: at Friday 00:00 minus 150 hours, raised to the step. Its end returns the route at its end minus those
 * hours. So for each route of the last answer (walked on the network with the delays in force, as the search
 * timed it) and each disruption whose target the route passes, the instants are startsAt and endsAt, each
 * minus the hours at which the route reaches the target; for the closures that moved the answer off its best
 * undisrupted route, the hours that route would reach them (`reachedAt` in the plan). The hours change only
 * when the answer or a delay upstream does, and either is itself an instant found here or a write: the owner
 * computes them again after each evaluation. The best route gives every disruption it meets; an alternative
 * only the delays in force where it meets them (their end may make it the best).
 */
import {
  activeAt,
  compileDisruptions,
  type Disruption,
  type Network,
  type RoutePlan,
  resolveDisruptionTarget,
  type TimedRule,
  walkPath,
} from '../domain/index.js';
import { DEPARTURE_STEP_MS } from '../http/serving/live-context.js';

const HOUR_MS = 3_600_000;

/**
 * The first departure on the step grid (epoch ms) from which cargo reaching a target `hours` after leaving
 * gets there at or after `instantMs`: the departure at which a disruption starting (or ending) at `instantMs`
 * begins (or stops) to apply there. The comparison is the search's own (`(instant - departure) / hour <=
 * hours`, disruption-rules.ts), so rounding never puts the answer's change a step after the instant found.
 */
export function firstDepartureReaching(instantMs: number, hours: number, stepMs: number): number {
  const raw = instantMs - hours * HOUR_MS;
  const rest = ((raw % stepMs) + stepMs) % stepMs;
  let departure = rest === 0 ? raw : raw + (stepMs - rest);
  const reaches = (t: number) => (instantMs - t) / HOUR_MS <= hours;
  while (reaches(departure - stepMs)) departure -= stepMs;
  while (!reaches(departure)) departure += stepMs;
  return departure;
}

/** What of a plan the instants are read from: its departure, routes' legs and avoided closures. */
export type TimedPlan = Pick<RoutePlan, 'departAt' | 'disruptionsAvoided'> & {
  routes: readonly { legs: readonly { from: { id: string }; to: { id: string }; mode: string }[] }[];
};

/** The node and link indices of a route's legs, or null when the network lacks one of them. */
function pathOf(network: Network, legs: TimedPlan['routes'][number]['legs']) {
  const nodes: number[] = [];
  const links: number[] = [];
  for (const [i, leg] of legs.entries()) {
    const from = network.nodeById.get(leg.from.id);
    if (!from) return null;
    if (i === 0) nodes.push(from.index);
    const to = network.nodeById.get(leg.to.id);
    // The link as a disruption names it (either direction of a two-way link): the same lookup.
    const [link] = resolveDisruptionTarget(network, {
      kind: 'link',
      id: `${leg.from.id}--${leg.to.id}--${leg.mode}`,
    }).links;
    if (!to || link === undefined) return null;
    nodes.push(to.index);
    links.push(link);
  }
  return { nodes, links };
}

/**
 * The instants after `after` (epoch ms), on the departure grid, at which a plan's answer may change because
 * cargo leaving then meets a disruption's start or end down one of its routes (or, for an avoided closure,
 * down the best undisrupted route). Sorted, without repeats; empty for a plan without departure (no
 * disruptions) or without routes.
 */
export function routeChangeInstants(
  network: Network,
  plan: TimedPlan,
  disruptions: readonly Disruption[],
  after: number,
  stepMs: number = DEPARTURE_STEP_MS,
): number[] {
  if (plan.departAt === undefined) return [];
  const departMs = Date.parse(plan.departAt);
  if (Number.isNaN(departMs)) return [];
  const found = new Set<number>();
  const add = (instant: string | null, hours: number) => {
    if (instant === null) return;
    const t = Date.parse(instant);
    if (Number.isNaN(t)) return;
    const due = firstDepartureReaching(t, hours, stepMs);
    if (due > after) found.add(due);
  };
  const rules = compileDisruptions(network, disruptions, new Date(departMs));
  if (rules) {
    for (const [r, route] of plan.routes.entries()) {
      const path = pathOf(network, route.legs);
      if (!path) continue;
      const walk = walkPath(network, rules, path.nodes, path.links);
      const meet = (list: ReadonlyMap<number, readonly TimedRule[]>, at: number, hours: number) => {
        for (const rule of list.get(at) ?? []) {
          // An alternative becomes the best only by losing a delay it passes: a closure starting on it, or
          // a delay starting, cannot make it cheaper than the best.
          if (r > 0 && (rule.closed || !activeAt(rule, hours))) continue;
          const d = rules.disruptions[rule.disruption] as Disruption;
          add(d.startsAt, hours);
          add(d.endsAt, hours);
        }
      };
      for (const [i, n] of path.nodes.entries()) meet(rules.nodeRules, n, walk.nodeHours[i] as number);
      for (const [i, l] of path.links.entries()) meet(rules.linkRules, l, walk.linkHours[i] as number);
    }
  }
  for (const avoided of plan.disruptionsAvoided) {
    // reachedAt is to the millisecond: when the instant less it falls on a step, the true one may be just after.
    const offsetMs = Date.parse(avoided.reachedAt) - departMs;
    if (Number.isNaN(offsetMs)) continue;
    for (const instant of [avoided.startsAt, avoided.endsAt]) {
      if (instant === null) continue;
      add(instant, offsetMs / HOUR_MS);
      const t = Date.parse(instant) - offsetMs;
      if (((t % stepMs) + stepMs) % stepMs === 0 && t + stepMs > after) found.add(t + stepMs);
    }
  }
  return [...found].sort((a, b) => a - b);
}
