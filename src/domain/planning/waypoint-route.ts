/**
 * A route through waypoints given as positions (snapped to the nearest node) or as places (node ids or
 * names): the first is the origin, the last the destination, those between are via points in order. The
 * best route is planned as /routes plans it.
 */
import { DomainError } from '../errors.js';
import type { SnappedWaypoint } from '../export/route-exchange-model.js';
import type { Network } from '../network/network.js';
import type { ExclusionOptions } from '../routing/route-constraints.js';
import type { Metric } from '../routing/routing-index.js';
import { nearestNode } from '../search/nearest-node.js';
import { resolvePlace } from '../search/place-index.js';
import { findRoutes, type PlannedRoute, ROUTE_LIMITS } from './find-routes.js';

/** Documented limits of a waypoint route. */
export const WAYPOINT_LIMITS = {
  /** Origin, destination and up to ROUTE_LIMITS.maxVia points between. */
  maxWaypoints: ROUTE_LIMITS.maxVia + 2,
  /** A position farther than this from every node is off the network. */
  maxSnapKm: 300,
} as const;

export type Waypoint = readonly [number, number, ...number[]] | string;

export interface WaypointRouteOptions extends ExclusionOptions {
  optimize?: Metric;
  /** Name of the parameter holding the waypoints, for error messages. */
  parameter?: string;
}

export interface WaypointRoute {
  route: PlannedRoute;
  waypoints: SnappedWaypoint[];
  warnings: string[];
}

/**
 * Plans the best route through the waypoints.
 * @throws DomainError: WAYPOINT_OFF_NETWORK for a position farther than maxSnapKm from every node, INVALID_PARAMETER
 *   for too few or too many waypoints or an unknown place, and whatever findRoutes throws (NO_ROUTE, ...).
 */
export function routeThroughWaypoints(
  network: Network,
  waypoints: readonly Waypoint[],
  options: WaypointRouteOptions = {},
): WaypointRoute {
  const parameter = options.parameter ?? 'waypoints';
  if (waypoints.length < 2 || waypoints.length > WAYPOINT_LIMITS.maxWaypoints) {
    throw new DomainError(
      'INVALID_PARAMETER',
      `${parameter}: give from 2 to ${WAYPOINT_LIMITS.maxWaypoints} waypoints (start, up to ${ROUTE_LIMITS.maxVia} intermediate points, end), not ${waypoints.length}`,
      { parameter, value: waypoints.length },
    );
  }
  const snapped: SnappedWaypoint[] = waypoints.map((w, i) => {
    const at = `${parameter}[${i}]`;
    if (typeof w === 'string') {
      try {
        return {
          given: null,
          nodeId: resolvePlace(network.places, network.nodeById, w, at).id,
          snapDistanceKm: 0,
        };
      } catch (error) {
        // A waypoint that names no node is an invalid waypoint (400), not a missing resource.
        if (error instanceof DomainError && error.code === 'UNKNOWN_PLACE') {
          throw new DomainError('INVALID_PARAMETER', error.message, error.details);
        }
        throw error;
      }
    }
    const [lon, lat] = w;
    const near = nearestNode(network, lon, lat);
    if (!near || near.km > WAYPOINT_LIMITS.maxSnapKm) {
      throw new DomainError(
        'WAYPOINT_OFF_NETWORK',
        `${at}: [${lon}, ${lat}] is ${near ? `${Math.round(near.km)} km from the nearest node (${near.node.id})` : 'not near any node'}; waypoints are snapped to nodes within ${WAYPOINT_LIMITS.maxSnapKm} km`,
        { parameter: at, value: [lon, lat] },
      );
    }
    return { given: [lon, lat], nodeId: near.node.id, snapDistanceKm: near.km };
  });
  const ids = snapped.map((s) => s.nodeId);
  const plan = findRoutes(network, ids[0] as string, ids[ids.length - 1] as string, {
    via: ids.slice(1, -1),
    ...(options.optimize ? { optimize: options.optimize } : {}),
    ...(options.avoid ? { avoid: options.avoid } : {}),
    ...(options.avoidModes ? { avoidModes: options.avoidModes } : {}),
    ...(options.avoidSeas ? { avoidSeas: options.avoidSeas } : {}),
    ...(options.avoidNodes ? { avoidNodes: options.avoidNodes } : {}),
  });
  return { route: plan.routes[0] as PlannedRoute, waypoints: snapped, warnings: plan.warnings };
}
