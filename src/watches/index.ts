/** Watches: route queries re-planned on each change of the live state, with signed webhooks (re-exports only). */
export * from './callback-address.js';
export * from './watch-answer.js';
export * from './watch-evaluator.js';
export * from './watch-query.js';
export * from './watch-route-timing.js';
export * from './watch-service.js';
export * from './watch-timer.js';
export * from './webhook-dispatcher.js';
export * from './webhook-signature.js';
