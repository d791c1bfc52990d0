/**
 * The main domain call: resolve places, apply hard constraints, find the best route (and meaningfully
 * different alternatives), describe them leg by leg, or explain why there is none.
 */

import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Network, NetworkNode } from '../network/network.js';
import type { RoutePlanSchema, RouteSchema } from '../results/route-result-schemas.js';
import { pathThroughStops } from '../routing/path-through-stops.js';
import { isUnconstrained, withMasks } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import { walkPath } from '../routing/walk-path.js';
import { resolvePlace } from '../search/place-index.js';
import { describeRoute, nodeRef, type Route } from './describe-route.js';
import { avoidedClosures, routeDisruptions } from './disruption-report.js';
import { explainNoRoute, listConstraints, MAX_RELAXATION_SIZE } from './explain-no-route.js';
import { findAlternatives } from './find-alternatives.js';
import { checkEndpoint, exclusionEcho, type NetworkOptions, requestNetwork } from './request-network.js';
import { advisoryWarnings, routeAdvisories } from './route-advisories.js';

/** Documented caps of a request. */
export const ROUTE_LIMITS = {
  maxAlternatives: 5,
  maxVia: 5,
  maxAvoid: 60,
  maxAvoidNodes: 50,
  maxCargoTonnes: 100_000,
} as const;

/** The /routes options: the network the request routes on (request-network.ts), and what to plan on it. */
export interface RouteOptions extends NetworkOptions {
  via?: readonly string[];
  optimize?: Metric;
  alternatives?: number;
  cargoTonnes?: number;
}

type RouteAnswer = z.output<typeof RouteSchema>;

export type ComparedToUnconstrained = NonNullable<RouteAnswer['comparedToUnconstrained']>;

/** A route with what planning adds: the cost of the constraints, the disruptions and advisories it meets. */
export type PlannedRoute = Route &
  Pick<RouteAnswer, 'comparedToUnconstrained' | 'disruptions' | 'advisories'>;

/** The plan /routes answers, but for the data version the HTTP layer adds and the timing a dated plan adds. */
export type RoutePlan = Omit<z.output<typeof RoutePlanSchema>, 'dataVersion' | 'arriveBy' | 'routes'> & {
  routes: PlannedRoute[];
};

const describeConstraint = (network: Network, c: { kind: string; value: string }) =>
  c.kind === 'country'
    ? c.value
    : c.kind === 'sea'
      ? (network.seas.get(c.value)?.name ?? c.value)
      : c.kind === 'mode'
        ? `mode ${c.value}`
        : c.kind === 'disruption'
          ? `closure ${c.value}`
          : c.kind === 'advisory'
            ? `advisory ${c.value}`
            : `node ${c.value}`;

/** Most unconstrained baselines remembered per network (three numbers each). */
const MAX_BASELINES = 20_000;

/**
 * The totals of the best route from `from` to `to` with no constraint at all (null when there is none), which
 * constrained routes are compared with. Every avoid set of the same origin, destination and metric compares
 * with the same baseline, and the network never changes, so it is searched once and remembered.
 */
function unconstrainedTotals(
  network: Network,
  from: NetworkNode,
  to: NetworkNode,
  optimize: Metric,
  closedLinks: readonly number[],
) {
  const known = network.engine.planning.baselines;
  // Links closed on the network date are part of the key only when there are any (most networks have none).
  const key = `${from.index}>${to.index}:${optimize}${closedLinks.length ? `:${closedLinks.join(',')}` : ''}`;
  let totals = known.get(key);
  if (totals === undefined) {
    const free = withMasks(network, { countries: [], modes: [], seas: [], nodes: [], closedLinks }, (masks) =>
      pathThroughStops(network, [from.index, to.index], optimize, masks),
    );
    const route = free ? describeRoute(network, free.nodes, free.links) : null;
    totals = route
      ? {
          distanceKm: route.distanceKm,
          durationHours: route.durationHours,
          co2eKgPerTonne: route.co2eKgPerTonne,
        }
      : null;
    if (known.size >= MAX_BASELINES) known.delete(known.keys().next().value as string);
    known.set(key, totals);
  }
  return totals;
}

/**
 * Plans routes from `origin` to `destination` (ids or place names) under the options.
 * @throws DomainError for unknown or ambiguous places, unknown codes, an endpoint inside an avoided country,
 *   or NO_ROUTE with the constraints that block and the smallest relaxations that restore a route.
 */
export function findRoutes(
  network: Network,
  origin: string,
  destination: string,
  options: RouteOptions = {},
): RoutePlan {
  const optimize = options.optimize ?? 'distance';
  const alternatives = options.alternatives ?? 0;
  if (!Number.isInteger(alternatives) || alternatives < 0 || alternatives > ROUTE_LIMITS.maxAlternatives) {
    throw new DomainError(
      'INVALID_PARAMETER',
      `alternatives: must be an integer from 0 to ${ROUTE_LIMITS.maxAlternatives}`,
      {
        parameter: 'alternatives',
        value: alternatives,
      },
    );
  }
  const from = resolvePlace(network.places, network.nodeById, origin, 'origin') as NetworkNode;
  const to = resolvePlace(network.places, network.nodeById, destination, 'destination') as NetworkNode;
  const via = (options.via ?? []).map(
    (v) => resolvePlace(network.places, network.nodeById, v, 'via') as NetworkNode,
  );
  if (from.id === to.id && via.length === 0) {
    throw new DomainError(
      'INVALID_PARAMETER',
      `destination: "${destination}" is the origin itself (${from.id}); give two different places`,
      { parameter: 'destination', value: destination },
    );
  }
  const { networkDate, advisoryKinds, advisories, constraints, live, rules } = requestNetwork(
    network,
    options,
  );
  const { closedLinks = [] } = constraints;
  checkEndpoint(network, from, 'origin', constraints);
  checkEndpoint(network, to, 'destination', constraints);
  for (const v of via) checkEndpoint(network, v, 'via', constraints);
  const departAt = live?.departAt;

  const stops = [from.index, ...via.map((v) => v.index), to.index];
  const search = (c: typeof constraints) =>
    withMasks(network, c, (masks) => pathThroughStops(network, stops, optimize, masks, rules));
  // A trip between places of one country stays in that country where a domestic line exists: leaving it and
  // coming back (two border crossings, at a gauge break two transhipments) is no shortcut a planner takes,
  // even where it is shorter (Altynkol–Dostyk is 403 km through China, 1,091 km on the Turksib).
  const home = from.country;
  const domestic = to.country === home && via.every((v) => v.country === home);
  const abroad = network.countries
    .map((c) => c.code)
    .filter((c) => c !== home && !constraints.countries.includes(c));
  const best =
    (domestic && abroad.length > 0
      ? search({ ...constraints, countries: [...constraints.countries, ...abroad].sort() })
      : null) ?? search(constraints);
  if (!best) {
    const why = explainNoRoute(network, stops, constraints, rules ? live : undefined);
    const names = (cs: readonly { kind: string; value: string }[]) =>
      cs.map((c) => describeConstraint(network, c)).join(', ');
    const avoided = listConstraints(constraints);
    const through = via.length ? ` via ${via.map((v) => v.id).join(', ')}` : '';
    let detail = `No route from ${from.name} (${from.id}) to ${to.name} (${to.id})${through}`;
    if (avoided.length) detail += ` avoiding ${names(avoided)}`;
    if (why.relaxations.length) {
      detail += `: blocked by ${names(why.blockedBy)}; a route exists when allowing ${why.relaxations
        .map((r) => names(r.allow))
        .join(', or ')}.`;
    } else if (why.blockedBy.length) {
      detail += why.complete
        ? `: no route exists unless more than ${MAX_RELAXATION_SIZE} of the constraints are lifted together.`
        : ': no smaller set of constraints to lift was found within the search limit.';
    } else {
      detail += ': the network has no connection between these places.';
    }
    throw new DomainError('NO_ROUTE', detail, { blockedBy: why.blockedBy, relaxations: why.relaxations });
  }

  const paths = [best, ...findAlternatives(network, stops, optimize, constraints, best, alternatives, rules)];
  const warnings: string[] = [];
  if (paths.length - 1 < alternatives) {
    warnings.push(
      `${alternatives} alternative${alternatives === 1 ? '' : 's'} requested, ${paths.length - 1} found that differ meaningfully (other countries or seas) from the routes before them`,
    );
  }
  const routes: PlannedRoute[] = paths.map((p) => {
    const walk = rules ? walkPath(network, rules, p.nodes, p.links) : null;
    const described = describeRoute(network, p.nodes, p.links, options.cargoTonnes, walk?.legExtraHours);
    const route: PlannedRoute = {
      ...described,
      disruptions: rules && walk ? routeDisruptions(rules, walk.delays) : [],
      advisories: routeAdvisories(described, advisories),
    };
    return route;
  });
  warnings.push(...advisoryWarnings(routes.map((r) => r.advisories)));
  routes.forEach((r, i) => {
    for (const d of r.disruptions) {
      warnings.push(
        `Route ${i + 1} passes disruption ${d.id} (${d.target.kind} ${d.target.id}: ${d.reason}), adding ${d.addedHours} h`,
      );
    }
  });
  const disruptionsAvoided = rules ? avoidedClosures(network, stops, optimize, constraints, rules) : [];
  if (disruptionsAvoided.length > 0) {
    const named = disruptionsAvoided.map((d) => `${d.id} (${d.target.kind} ${d.target.id})`).join(', ');
    warnings.push(
      `${disruptionsAvoided.length === 1 ? 'Closure' : 'Closures'} ${named} moved the plan off its best undisrupted route`,
    );
  }

  if (!isUnconstrained(constraints) || via.length > 0) {
    const baseline = unconstrainedTotals(network, from, to, optimize, closedLinks);
    if (baseline) {
      for (const r of routes) {
        r.comparedToUnconstrained = {
          extraDistanceKm: Math.round((r.distanceKm - baseline.distanceKm) * 10) / 10,
          extraDurationHours: Math.round((r.durationHours - baseline.durationHours) * 10) / 10,
          extraCo2eKgPerTonne: Math.round((r.co2eKgPerTonne - baseline.co2eKgPerTonne) * 10) / 10,
        };
      }
    }
  }

  return {
    origin: nodeRef(network, from),
    destination: nodeRef(network, to),
    via: via.map((v) => nodeRef(network, v)),
    ...exclusionEcho(constraints, advisoryKinds),
    optimize,
    networkDate,
    ...(options.cargoTonnes !== undefined ? { cargoTonnes: options.cargoTonnes } : {}),
    routes,
    disruptionsAvoided,
    ...(departAt ? { departAt: departAt.toISOString() } : {}),
    warnings,
  };
}
