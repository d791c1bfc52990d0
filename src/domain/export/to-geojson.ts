/**
 * GeoJSON (RFC 7946) views: the whole network (nodes as Points, links as LineStrings through their
 * waypoints) and a route plan (one LineString per leg, in travel direction). Coordinates are [lon, lat].
 */

import type { Network, NetworkLink } from '../network/network.js';
import { nodeSummary } from '../network/node-views.js';
import type { PlannedRoute, RoutePlan } from '../planning/find-routes.js';

export type Position = [number, number];

export interface Feature<G, P> {
  type: 'Feature';
  id?: string;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<F> {
  type: 'FeatureCollection';
  features: F[];
  [foreign: string]: unknown;
}

export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export interface LineGeometry {
  type: 'LineString';
  coordinates: Position[];
}

/** The coordinates of a link from `fromId`'s end to the other end, through its waypoints. */
export function linkCoordinates(network: Network, link: NetworkLink, fromId: string = link.from): Position[] {
  const a = network.nodeById.get(link.from);
  const b = network.nodeById.get(link.to);
  if (!a || !b) return [];
  const forward: Position[] = [
    [a.lon, a.lat],
    ...(link.waypoints ?? []).map(([lon, lat]) => [lon, lat] as Position),
    [b.lon, b.lat],
  ];
  return fromId === link.from ? forward : forward.reverse();
}

/** The whole network: every node and every link (in service or not) with all its attributes. */
export function networkToGeoJson(
  network: Network,
): FeatureCollection<Feature<PointGeometry | LineGeometry, Record<string, unknown>>> {
  const nodes = network.nodes.map((n) => {
    // The position is the geometry; every other public fact is a property.
    const { lat: _lat, lon: _lon, ...facts } = nodeSummary(n);
    return {
      type: 'Feature' as const,
      id: n.id,
      geometry: { type: 'Point' as const, coordinates: [n.lon, n.lat] as Position },
      properties: { featureType: 'node', ...facts, source: n.source },
    };
  });
  const links = network.links.map((l) => {
    const {
      index: _index,
      countryPath,
      movingHours,
      waitHours,
      co2eKgPerTonne,
      emissionFactor,
      waypoints: _w,
      ...record
    } = l;
    return {
      type: 'Feature' as const,
      id: l.id,
      geometry: { type: 'LineString' as const, coordinates: linkCoordinates(network, l) },
      properties: {
        featureType: 'link',
        ...record,
        ...(l.sea ? { seaName: network.seas.get(l.sea)?.name } : {}),
        countries: countryPath,
        movingHours: Math.round(movingHours * 10) / 10,
        waitHours: Math.round(waitHours * 10) / 10,
        co2eKgPerTonne: Math.round(co2eKgPerTonne * 10) / 10,
        emissionFactor,
      },
    };
  });
  return { type: 'FeatureCollection', dataVersion: network.dataVersion, features: [...nodes, ...links] };
}

/** A route plan as one LineString per leg, with the leg's attributes and its route's index. */
export function routePlanToGeoJson(
  network: Network,
  plan: RoutePlan & { dataVersion?: string },
): FeatureCollection<Feature<LineGeometry, Record<string, unknown>>> {
  const features = plan.routes.flatMap((route: PlannedRoute, routeIndex) =>
    route.legs.map((leg, legIndex) => {
      const link = network.graph.getEdgeAttributes(leg.linkId);
      const { from, to, ...rest } = leg;
      return {
        type: 'Feature' as const,
        geometry: { type: 'LineString' as const, coordinates: linkCoordinates(network, link, from.id) },
        properties: {
          routeIndex,
          legIndex,
          from: from.id,
          fromName: from.name,
          to: to.id,
          toName: to.name,
          ...rest,
        },
      };
    }),
  );
  return {
    type: 'FeatureCollection',
    origin: plan.origin,
    destination: plan.destination,
    avoid: plan.avoid,
    optimize: plan.optimize,
    ...(plan.dataVersion ? { dataVersion: plan.dataVersion } : {}),
    routes: plan.routes.map(({ legs: _legs, ...summary }) => summary),
    features,
  };
}
