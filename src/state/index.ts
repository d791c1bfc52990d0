/** The live-state store (re-exports only). */
export * from './api-key-store.js';
export * from './database-url.js';
export * from './disruption-filter.js';
export * from './disruption-record.js';
export * from './disruption-store.js';
export * from './live-mirror.js';
export * from './open-live-state.js';
export * from './state-errors.js';
export * from './state-store.js';
export * from './watch-store.js';
