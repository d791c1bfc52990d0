/**
 * The domain's public surface. No HTTP here. Its rooms:
 * - network/: the graph-data format, loading and validation, the network model and its cost figures;
 * - routing/: the compact routing index, the shortest-path search and the constraints it honours;
 * - planning/: routes as answers (best, alternatives, descriptions, why there is no route);
 * - search/: places by name, nodes and countries;
 * - export/: the network and routes as GeoJSON and SVG;
 * - live/: disruptions and the live state routing reads;
 * - timing/: dated timelines and arrival ranges (departures, ferry sailings, weather, dwell, live disruptions).
 */
export * from './errors.js';
export * from './export/to-geojson.js';
export * from './live/disruption-schema.js';
export * from './network/advisory-schema.js';
export * from './network/audit-network.js';
export * from './network/countries.js';
export * from './network/create-network.js';
export * from './network/geo.js';
export * from './network/load-network.js';
export type * from './network/network.js';
export * from './network/network-schema.js';
export * from './network/node-views.js';
export * from './network/published-services.js';
export * from './network/timing-records.js';
export * from './network/timing-schema.js';
export * from './planning/describe-route.js';
export * from './planning/disruption-report.js';
export * from './planning/explain-no-route.js';
export * from './planning/find-routes.js';
export * from './planning/route-advisories.js';
export * from './routing/disruption-rules.js';
export * from './routing/network-date.js';
export * from './routing/path-through-stops.js';
export * from './routing/route-constraints.js';
export * from './routing/routing-index.js';
export * from './routing/shortest-path.js';
export * from './routing/timed-path.js';
export * from './routing/walk-path.js';
export * from './search/fold-text.js';
export * from './search/list-countries.js';
export * from './search/place-index.js';
export * from './search/query-nodes.js';
export * from './timing/departure-instant.js';
export * from './timing/plan-departures.js';
export * from './timing/time-plan.js';
export * from './timing/time-route.js';
