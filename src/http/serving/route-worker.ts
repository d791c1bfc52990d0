/**
 * A worker thread of the route planner pool: loads and validates the same network, then plans the queries it
 * is sent (route-planner.ts) and answers with the serialized body, or with the error to rethrow.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError, loadNetwork } from '../../domain/index.js';
import type { PlanContext } from './live-context.js';
import type { RoutesQuery } from './route-cache.js';
import { inProcessPlanner } from './route-planner.js';
import { lowerThreadPriority } from './thread-priority.js';

export interface WorkerRequest {
  id: number;
  query: RoutesQuery;
  /** The request's live state snapshot and departure, as the main thread read them. */
  context: PlanContext;
}

export type WorkerReply =
  | { id: number; answer: { contentType: string; body: Uint8Array } }
  | {
      id: number;
      domainError: { code: DomainError['code']; message: string; details: DomainError['details'] };
    }
  | { id: number; failure: string };

const port = parentPort;
if (port) {
  const { dataDir, nice } = workerData as { dataDir: string; nice: number };
  try {
    const network = loadNetwork(dataDir);
    // Built now, before taking queries: GeoJSON and SVG answers read link geometry from it.
    network.buildGraph();
    const planRoute = inProcessPlanner(network);
    // Lowered once loaded: until a worker is ready, its queries are planned on the event loop, so it should load
    // at full priority.
    const niceSteps = lowerThreadPriority(nice);
    port.postMessage({ ready: true, dataVersion: network.dataVersion, niceSteps });
    port.on('message', ({ id, query, context }: WorkerRequest) => {
      let reply: WorkerReply;
      try {
        const answer = planRoute(query, context);
        const { body } = answer;
        // A body with an ArrayBuffer of its own (not a slice of Node's small-buffer pool) is handed over to the
        // main thread instead of copied: answers on large networks run to hundreds of kilobytes.
        if (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength) {
          port.postMessage({ id, answer } satisfies WorkerReply, [body.buffer as ArrayBuffer]);
          return;
        }
        reply = { id, answer };
      } catch (error) {
        reply =
          error instanceof DomainError
            ? { id, domainError: { code: error.code, message: error.message, details: error.details } }
            : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      port.postMessage(reply);
    });
  } catch (error) {
    port.postMessage({ ready: false, failure: error instanceof Error ? error.message : String(error) });
  }
}
