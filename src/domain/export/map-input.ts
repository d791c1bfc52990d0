/**
 * Turns the domain's network and route plans into the plain drawing input of renderMapSvg: coordinates of
 * every link and leg (through their waypoints, in travel direction) and the labels the map shows.
 */
import { countryByAlpha2 } from '../network/countries.js';
import type { Network } from '../network/network.js';
import type { RoutePlan } from '../planning/find-routes.js';
import { type MapInput, MapMemory, type MapNetwork } from './render-map-svg.js';
import { linkCoordinates } from './to-geojson.js';

const OPTIMIZE_LABEL = { distance: 'shortest distance', time: 'fastest', co2: 'lowest CO2e' } as const;

/**
 * The background network layer of a network, with a memory of its drawings. The network makes it once, on
 * first use (`network.mapLayer`); call this only to make one.
 */
export function createNetworkLayer(network: Network): MapNetwork {
  return {
    nodes: network.nodes.map((n) => ({ lon: n.lon, lat: n.lat })),
    links: network.links.map((l) => ({ coordinates: linkCoordinates(network, l), mode: l.mode })),
    memory: new MapMemory(),
  };
}

/** The drawing input for a route plan over its network. */
export function routePlanMapInput(network: Network, plan: RoutePlan): MapInput {
  const place = (id: string) => {
    const n = network.nodeById.get(id);
    return n ? { name: n.name, lon: n.lon, lat: n.lat } : undefined;
  };
  const constraints = [
    plan.avoid.length ? `avoiding ${plan.avoid.map((c) => countryByAlpha2(c)?.name ?? c).join(', ')}` : '',
    plan.avoidModes.length ? `no ${plan.avoidModes.join(', ')}` : '',
    plan.avoidSeas.length
      ? `no ferries on ${plan.avoidSeas.map((s) => network.seas.get(s)?.name ?? s).join(', ')}`
      : '',
    plan.via.length ? `via ${plan.via.map((v) => v.name).join(', ')}` : '',
  ].filter(Boolean);
  const origin = place(plan.origin.id);
  const destination = place(plan.destination.id);
  return {
    title: `${plan.origin.name} → ${plan.destination.name}`,
    subtitle: [...constraints, `${OPTIMIZE_LABEL[plan.optimize]} first`].join(' · '),
    network: network.mapLayer,
    routes: plan.routes.map((route) => ({
      distanceKm: route.distanceKm,
      durationHours: route.durationHours,
      co2eKgPerTonne: route.co2eKgPerTonne,
      legs: route.legs.map((leg) => ({
        coordinates: linkCoordinates(network, network.graph.getEdgeAttributes(leg.linkId), leg.from.id),
        mode: leg.mode,
        ...(leg.sea ? { sea: leg.sea } : {}),
        from: leg.from.name,
        to: leg.to.name,
        distanceKm: leg.distanceKm,
        durationHours: leg.durationHours,
      })),
    })),
    avoid: plan.avoid,
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
  };
}

/** The drawing input for the network alone, with avoided countries hatched. */
export function networkMapInput(network: Network, avoid: string[]): MapInput {
  return {
    title: 'Rail and ferry freight network, China–Europe',
    subtitle: `${network.nodes.length} stations, border crossings and ports · ${network.links.length} links`,
    network: network.mapLayer,
    routes: [],
    avoid,
  };
}
