/**
 * A pool of worker threads that plan uncached /routes queries, so that a slow search (a long route on a large
 * network, alternatives, a no-route explanation) never holds up the event loop that answers cached queries and
 * the other endpoints. Each worker loads the network itself; until they are ready, or if they fail, queries are
 * planned in-process, so the service answers either way.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type Network } from '../../domain/index.js';
import type { PlanContext } from './live-context.js';
import type { PlannedAnswer, RoutesQuery } from './route-cache.js';
import { inProcessPlanner, type RoutePlanner } from './route-planner.js';
import type { WorkerReply, WorkerRequest } from './route-worker.js';
import { DEFAULT_WORKER_NICE } from './thread-priority.js';

/** Networks from this many nodes get workers when ROUTE_WORKERS is `auto` (smaller ones plan in microseconds). */
export const WORKERS_MIN_NODES = 20_000;

/** The number of workers for a ROUTE_WORKERS setting: `auto` is one per spare core on large networks. */
export function routeWorkerCount(setting: 'auto' | number, nodeCount: number): number {
  if (setting !== 'auto') return setting;
  return nodeCount >= WORKERS_MIN_NODES ? Math.max(1, availableParallelism() - 1) : 0;
}

interface Pending {
  resolve: (answer: PlannedAnswer) => void;
  reject: (error: Error) => void;
  worker: PoolWorker;
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  /** How many nice steps below the event loop the worker plans (thread-priority.ts); 0 = level with it. */
  niceSteps: number;
  inFlight: number;
}

export interface RouteWorkerPool {
  planner: RoutePlanner;
  /** Resolves when every worker has loaded the network (or given up). */
  ready: Promise<void>;
  /** Workers that have loaded the network and take queries. */
  readonly readyWorkers: number;
  /** For each ready worker, how many nice steps below the event loop it plans (0 = level with it). */
  readonly workerNiceSteps: number[];
  close(): Promise<void>;
}

export interface RouteWorkerPoolOptions {
  /** Where the pool reports workers that are ready, failed or stopped (nowhere by default). */
  log?: (message: string) => void;
  /** Nice steps below the event loop the workers plan at, where the system allows it (thread-priority.ts). */
  nice?: number;
}

/** Starts `size` workers over the network in `dataDir` (the one `network` was loaded from). */
export function startRouteWorkerPool(
  network: Network,
  dataDir: string,
  size: number,
  { log = () => {}, nice = DEFAULT_WORKER_NICE }: RouteWorkerPoolOptions = {},
): RouteWorkerPool {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const typescript = import.meta.url.endsWith('.ts');
  const script = new URL(typescript ? './route-worker.ts' : './route-worker.js', import.meta.url);
  const workers: PoolWorker[] = [];
  const readies: Promise<void>[] = [];

  for (let i = 0; i < size; i++) {
    // From TypeScript sources (tests, `npm run dev`), the worker registers tsx before loading its module.
    const worker = typescript
      ? new Worker(
          `import(${JSON.stringify(
            pathToFileURL(
              createRequire(import.meta.url)
                .resolve('tsx/esm/api')
                .replace(/\.cjs$/, '.mjs'),
            ).href,
          )}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
          { eval: true, workerData: { dataDir, nice } },
        )
      : new Worker(script, { workerData: { dataDir, nice } });
    worker.unref();
    const entry: PoolWorker = { worker, ready: false, niceSteps: 0, inFlight: 0 };
    workers.push(entry);
    readies.push(
      new Promise<void>((done) => {
        const settle = () => done();
        worker.on(
          'message',
          (
            message:
              | WorkerReply
              | { ready: boolean; dataVersion?: string; niceSteps?: number; failure?: string },
          ) => {
            if ('ready' in message) {
              if (message.ready && message.dataVersion === network.dataVersion) {
                entry.ready = true;
                entry.niceSteps = message.niceSteps ?? 0;
              } else log(`route worker ${i} not used: ${message.failure ?? 'it loaded different data'}`);
              settle();
              return;
            }
            const job = pending.get(message.id);
            if (!job) return;
            pending.delete(message.id);
            entry.inFlight--;
            if ('answer' in message) {
              // The body arrives as a plain Uint8Array (structured clone); a Buffer view of it costs no copy.
              const { contentType, body } = message.answer;
              job.resolve({ contentType, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) });
            } else if ('domainError' in message) {
              const { code, message: text, details } = message.domainError;
              job.reject(new DomainError(code, text, details));
            } else job.reject(new Error(`route worker failed: ${message.failure}`));
          },
        );
        worker.on('error', (error) => {
          entry.ready = false;
          log(`route worker ${i} stopped: ${error.message}`);
          settle();
        });
        worker.on('exit', () => {
          entry.ready = false;
          for (const [id, job] of pending) {
            if (job.worker !== entry) continue;
            pending.delete(id);
            job.reject(new Error(`route worker ${i} exited`));
          }
          settle();
        });
      }),
    );
  }

  // Until the workers are ready, or if they fail, queries are planned here.
  const fallback = inProcessPlanner(network);
  const planner: RoutePlanner = (query: RoutesQuery, context: PlanContext) => {
    let best: PoolWorker | undefined;
    for (const w of workers) if (w.ready && (!best || w.inFlight < best.inFlight)) best = w;
    if (!best) return fallback(query, context);
    const chosen = best;
    const id = nextId++;
    chosen.inFlight++;
    return new Promise<PlannedAnswer>((resolve, reject) => {
      pending.set(id, { resolve, reject, worker: chosen });
      chosen.worker.postMessage({ id, query, context } satisfies WorkerRequest);
    });
  };

  const ready = Promise.all(readies).then(() => {
    const running = workers.filter((w) => w.ready);
    const steps = [...new Set(running.map((w) => w.niceSteps))].sort((a, b) => a - b);
    const priority =
      steps.length === 0 || (steps.length === 1 && steps[0] === 0)
        ? ''
        : ` (nice steps below the event loop: ${steps.join(', ')})`;
    log(`route workers ready: ${running.length} of ${size}${priority}`);
  });
  return {
    planner,
    ready,
    get readyWorkers() {
      return workers.filter((w) => w.ready).length;
    },
    get workerNiceSteps() {
      return workers.filter((w) => w.ready).map((w) => w.niceSteps);
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.worker.terminate()));
      for (const job of pending.values()) job.reject(new Error('route worker pool closed'));
      pending.clear();
    },
  };
}
