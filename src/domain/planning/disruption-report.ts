/**
 * What the live state did to a plan, in the words of the answer: the disruptions each route passes (delays in
 * force when the cargo gets there, with the hours each adds), and the closures that moved the plan off its
 * best undisrupted route (that route planned again without closures, and walked to see which it would meet).
 */
import type { z } from 'zod';
import type { Disruption } from '../live/disruption-schema.js';
import type { Network } from '../network/network.js';
import type { AvoidedDisruptionSchema, RouteDisruptionSchema } from '../results/route-result-schemas.js';
import { compileDisruptions, type DisruptionRules } from '../routing/disruption-rules.js';
import { pathThroughStops } from '../routing/path-through-stops.js';
import { type Constraints, withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import { type Encounter, walkPath } from '../routing/walk-path.js';
import { round1 } from './describe-route.js';

/** A disruption a route passes while it is in force. */
export type RouteDisruption = z.output<typeof RouteDisruptionSchema>;

/** A closure that the best undisrupted route would have met, so the plan goes another way. */
export type AvoidedDisruption = z.output<typeof AvoidedDisruptionSchema>;

const instant = (rules: DisruptionRules, hour: number) =>
  new Date(rules.departAt.getTime() + Math.round(hour * 3_600_000)).toISOString();

function common(rules: DisruptionRules, e: Encounter) {
  const d = rules.disruptions[e.disruption] as Disruption;
  return { d, reachedAt: instant(rules, e.firstHour) };
}

/** The delays a walked route met, in the order met. */
export function routeDisruptions(rules: DisruptionRules, delays: readonly Encounter[]): RouteDisruption[] {
  return delays.map((e) => {
    const { d, reachedAt } = common(rules, e);
    return {
      id: d.id,
      target: d.target,
      effect: d.effect,
      ...(d.extraHours !== undefined ? { extraHours: d.extraHours } : {}),
      addedHours: round1(e.addedHours),
      reachedAt,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      reason: d.reason,
      source: d.source,
    };
  });
}

/**
 * The closures that the best route without closures (same constraints, delays kept) would meet in force, in
 * the order it would meet them; empty when that route meets none, or when there is no such route.
 */
export function avoidedClosures(
  network: Network,
  stops: readonly number[],
  metric: Metric,
  constraints: Constraints,
  rules: DisruptionRules,
): AvoidedDisruption[] {
  if (!rules.disruptions.some((d) => d.effect === 'closed')) return [];
  const delaysOnly = compileDisruptions(network, rules.disruptions, rules.departAt, { closures: false });
  const free = withMasks(network, constraints, (masks) =>
    pathThroughStops(network, stops, metric, masks, delaysOnly),
  );
  if (!free) return [];
  return walkPath(network, rules, free.nodes, free.links).closures.map((e) => {
    const { d, reachedAt } = common(rules, e);
    return {
      id: d.id,
      target: d.target,
      effect: d.effect,
      reachedAt,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      reason: d.reason,
      source: d.source,
    };
  });
}
