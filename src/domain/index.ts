/** The domain's public surface: loading, the network model, routing and search. No HTTP here. */
export * from './countries.js';
export * from './create-network.js';
export * from './describe-route.js';
export * from './errors.js';
export * from './explain-no-route.js';
export * from './find-routes.js';
export * from './fold-text.js';
export * from './geo.js';
export * from './list-countries.js';
export * from './load-network.js';
export type * from './network.js';
export * from './network-schema.js';
export * from './path-through-stops.js';
export * from './place-index.js';
export * from './query-nodes.js';
export * from './route-constraints.js';
export * from './routing-index.js';
export * from './shortest-path.js';
