/**
 * A pool of worker threads that plan uncached /routes queries, so that a slow search (a long route on a large
 * network, alternatives, a no-route explanation) never holds up the event loop that answers cached queries and
 * the other endpoints. Each worker loads the network itself; while none is ready (at start, or while a crashed one
 * is replaced), queries are planned in-process, so the service answers either way.
 *
 * Faults: a worker that dies (an uncaught error, process.exit, terminate()) is replaced; the jobs it held are
 * retried once on another ready worker, else answered 503 OVERLOADED with Retry-After (never 500). A job that runs
 * longer than `jobTimeoutMs` is answered 503 and its worker, stuck, is terminated and replaced. Beyond
 * `maxPending` jobs waiting or running, new queries are shed (503 with Retry-After).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DomainError, type Network } from '../../domain/index.js';
import { ProblemError } from '../errors/problem.js';
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

/** Default longest time a job may take in a worker (ROUTE_JOB_TIMEOUT_MS). */
export const DEFAULT_JOB_TIMEOUT_MS = 5_000;
/** Default bound on jobs waiting or running, per worker (ROUTE_WORKER_QUEUE). */
export const DEFAULT_QUEUE_PER_WORKER = 32;
/** Seconds a client is asked to wait after a worker fault or while the workers are saturated. */
export const WORKER_RETRY_AFTER_SECONDS = 2;

interface Job {
  id: number;
  message: WorkerRequest;
  resolve: (answer: PlannedAnswer) => void;
  reject: (error: Error) => void;
  /** Workers it has been sent to. */
  attempts: number;
  /** When it reached the head of its worker's queue (its worker runs one job at a time, in order). */
  startedAt: number | undefined;
}

interface PoolWorker {
  slot: number;
  worker: Worker;
  ready: boolean;
  /** How many nice steps below the event loop the worker plans (thread-priority.ts); 0 = level with it. */
  niceSteps: number;
  /** Jobs sent to it and not answered, in the order it runs them. */
  jobs: Job[];
  gone: boolean;
}

/** The state of the pool as /health reports it. */
export interface WorkerPoolHealth {
  /** Workers loaded and taking queries. */
  ready: number;
  /** Workers the pool runs at full strength. */
  total: number;
  /** Workers replaced after a crash or a job timeout since the start. */
  restarts: number;
  /** Jobs waiting or running. */
  pending: number;
  /** The bound on pending jobs, beyond which queries are shed. */
  maxPending: number;
}

export interface RouteWorkerPool {
  planner: RoutePlanner;
  /** Resolves when every worker has loaded the network (or given up). */
  ready: Promise<void>;
  /** Workers that have loaded the network and take queries. */
  readonly readyWorkers: number;
  /** For each ready worker, how many nice steps below the event loop it plans (0 = level with it). */
  readonly workerNiceSteps: number[];
  health(): WorkerPoolHealth;
  /** The running worker threads (tests terminate them from outside). */
  readonly threads: Worker[];
  /** Resolves once `count` workers are ready (a replacement loads the network first). */
  whenReady(count?: number): Promise<void>;
  close(): Promise<void>;
}

export interface RouteWorkerPoolOptions {
  /** Where the pool reports workers that are ready, failed or stopped (nowhere by default). */
  log?: (message: string) => void;
  /** Nice steps below the event loop the workers plan at, where the system allows it (thread-priority.ts). */
  nice?: number;
  /** Longest a job may run in a worker before it is answered 503 and its worker replaced. */
  jobTimeoutMs?: number;
  /** Jobs waiting or running over all workers beyond which queries are shed (503); default 32 per worker. */
  maxPending?: number;
  /** The worker module, and data it gets besides the pool's (tests run one that fails on purpose). */
  script?: URL;
  workerData?: Record<string, unknown>;
}

/** A query answered 503 OVERLOADED with Retry-After by the pool. */
export class PlannerUnavailable extends ProblemError {
  constructor(detail: string) {
    super('OVERLOADED', detail, {}, { retryAfterSeconds: WORKER_RETRY_AFTER_SECONDS });
  }
}

/** Starts `size` workers over the network in `dataDir` (the one `network` was loaded from). */
export function startRouteWorkerPool(
  network: Network,
  dataDir: string,
  size: number,
  {
    log = () => {},
    nice = DEFAULT_WORKER_NICE,
    jobTimeoutMs = DEFAULT_JOB_TIMEOUT_MS,
    maxPending = DEFAULT_QUEUE_PER_WORKER * size,
    script: scriptOption,
    workerData: extraData = {},
  }: RouteWorkerPoolOptions = {},
): RouteWorkerPool {
  let pending = 0;
  let nextId = 1;
  let restarts = 0;
  let closing = false;
  const typescript = import.meta.url.endsWith('.ts');
  const script =
    scriptOption ?? new URL(typescript ? './route-worker.ts' : './route-worker.js', import.meta.url);
  const slots: PoolWorker[] = [];
  const readies: Promise<void>[] = [];
  const readyWaiters: Array<{ count: number; done: () => void }> = [];
  const readyCount = () => slots.filter((w) => w.ready && !w.gone).length;
  const wakeWaiters = () => {
    for (const waiter of [...readyWaiters]) {
      if (readyCount() >= waiter.count) {
        readyWaiters.splice(readyWaiters.indexOf(waiter), 1);
        waiter.done();
      }
    }
  };

  const settle = (job: Job) => {
    pending--;
    job.startedAt = undefined;
  };

  /** Sends a job to the ready worker with the fewest jobs; false when there is none. */
  const dispatch = (job: Job, except?: PoolWorker): boolean => {
    let best: PoolWorker | undefined;
    for (const w of slots) {
      if (!w.ready || w.gone || w === except) continue;
      if (!best || w.jobs.length < best.jobs.length) best = w;
    }
    if (!best) return false;
    job.attempts++;
    job.startedAt = best.jobs.length === 0 ? performance.now() : undefined;
    best.jobs.push(job);
    best.worker.postMessage(job.message);
    return true;
  };

  /** A worker is gone: its jobs are retried once elsewhere (or answered 503), and its slot is filled again. */
  const lose = (entry: PoolWorker, reason: string, culprit?: Job) => {
    if (entry.gone) return;
    entry.gone = true;
    entry.ready = false;
    const wasUsed = entry.jobs.length > 0 || entry.niceSteps >= 0;
    const orphans = entry.jobs.splice(0);
    for (const job of orphans) {
      if (job === culprit) continue;
      job.startedAt = undefined;
      if (closing || job.attempts >= 2 || !dispatch(job, entry)) {
        settle(job);
        job.reject(
          new PlannerUnavailable(
            closing
              ? 'The route planner is shutting down; retry shortly'
              : `A route worker failed (${reason}); retry shortly`,
          ),
        );
      }
    }
    if (closing || !wasUsed) return;
    restarts++;
    log(`route worker ${entry.slot} ${reason}; starting a replacement`);
    spawn(entry.slot);
  };

  const spawn = (slot: number): Promise<void> => {
    const workerData = { dataDir, nice, ...extraData };
    // From TypeScript sources (tests, `npm run dev`), the worker registers tsx before loading its module.
    const worker = script.pathname.endsWith('.ts')
      ? new Worker(
          `import(${JSON.stringify(
            pathToFileURL(
              createRequire(import.meta.url)
                .resolve('tsx/esm/api')
                .replace(/\.cjs$/, '.mjs'),
            ).href,
          )}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`,
          { eval: true, workerData },
        )
      : new Worker(script, { workerData });
    worker.unref();
    // niceSteps stays -1 until the worker has been ready once: one that never loads is not replaced.
    const entry: PoolWorker = { slot, worker, ready: false, niceSteps: -1, jobs: [], gone: false };
    slots[slot] = entry;
    return new Promise<void>((done) => {
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
              wakeWaiters();
            } else log(`route worker ${slot} not used: ${message.failure ?? 'it loaded different data'}`);
            done();
            return;
          }
          const index = entry.jobs.findIndex((j) => j.id === message.id);
          if (index < 0) return;
          const [job] = entry.jobs.splice(index, 1) as [Job];
          const head = entry.jobs[0];
          if (head && head.startedAt === undefined) head.startedAt = performance.now();
          settle(job);
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
        lose(entry, `stopped: ${error.message}`);
        done();
      });
      worker.on('exit', (code) => {
        lose(entry, `exited (code ${code})`);
        done();
      });
    });
  };

  for (let i = 0; i < size; i++) readies.push(spawn(i));

  // A job that has run longer than the timeout: answered 503, and its worker (stuck in it) replaced.
  const watchdog = setInterval(
    () => {
      const now = performance.now();
      for (const entry of slots) {
        const head = entry.jobs[0];
        if (entry.gone || !head || head.startedAt === undefined || now - head.startedAt <= jobTimeoutMs)
          continue;
        entry.jobs.shift();
        settle(head);
        head.reject(new PlannerUnavailable(`Planning took longer than ${jobTimeoutMs} ms; retry shortly`));
        lose(entry, `ran a job past ${jobTimeoutMs} ms`, head);
        void entry.worker.terminate();
      }
    },
    Math.max(10, Math.min(500, Math.floor(jobTimeoutMs / 4))),
  );
  watchdog.unref();

  // While no worker is ready (at start, or while a crashed one is replaced), queries are planned here.
  const fallback = inProcessPlanner(network);
  const planner: RoutePlanner = (query: RoutesQuery, context: PlanContext) => {
    if (readyCount() === 0 && !closing) return fallback(query, context);
    if (pending >= maxPending) {
      throw new PlannerUnavailable(
        `The route workers are saturated (${pending} queries waiting or running); retry shortly`,
      );
    }
    return new Promise<PlannedAnswer>((resolve, reject) => {
      const id = nextId++;
      const job: Job = {
        id,
        message: { id, query, context },
        resolve,
        reject,
        attempts: 0,
        startedAt: undefined,
      };
      pending++;
      if (!dispatch(job)) {
        settle(job);
        reject(new PlannerUnavailable('The route planner is shutting down; retry shortly'));
      }
    });
  };

  const ready = Promise.all(readies).then(() => {
    const running = slots.filter((w) => w.ready);
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
      return readyCount();
    },
    get workerNiceSteps() {
      return slots.filter((w) => w.ready && !w.gone).map((w) => w.niceSteps);
    },
    get threads() {
      return slots.filter((w) => !w.gone).map((w) => w.worker);
    },
    health: () => ({ ready: readyCount(), total: size, restarts, pending, maxPending }),
    whenReady: (count = size) =>
      new Promise<void>((done) => {
        if (readyCount() >= count) done();
        else readyWaiters.push({ count, done });
      }),
    close: async () => {
      closing = true;
      clearInterval(watchdog);
      await Promise.all(slots.map((w) => w.worker.terminate()));
    },
  };
}
