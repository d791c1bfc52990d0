/**
 * Re-plans every watch when the live state changes, or when time brings a disruption into force or ends it
 * (watch-timer.ts), and queues a delivery for each whose answer changed. It runs in every replica, on each
 * state version its mirror loads (its own writes at once, the others' through NOTIFY or the poll) and at each
 * timed instant; the store locks the watch while it records an answer, replaces it only when it differs from
 * the one recorded, and never with one planned under an older state version or, under the same version, for
 * an earlier instant, so a change queues one delivery however many replicas see it.
 *
 * Planning goes through a RoutePlanner, the one /routes uses: the route worker pool when ROUTE_WORKERS is on
 * (the event loop only parses the answers), else in this thread, yielding to the event loop after each watch
 * so that requests are answered between them. At most `concurrency` watches are planned at once (one in this
 * thread). A watch whose answer changed is recorded at once (with its delivery); the evaluations of those
 * that kept theirs are recorded together at the end of the round, in one transaction (on SQLite one commit,
 * which waits for the disk, instead of one per watch). Evaluations never overlap: a change during one runs
 * another after it.
 */
import type { LiveStateSource, Network, RoutePlan } from '../domain/index.js';
import { ProblemError } from '../http/errors/problem.js';
import { LiveContextReader } from '../http/serving/live-context.js';
import type { RoutesQuery } from '../http/serving/route-cache.js';
import { inProcessPlanner, type RoutePlanner } from '../http/serving/route-planner.js';
import { toInstant } from '../state/disruption-record.js';
import { RerunAfter } from '../state/rerun-after.js';
import { StateError } from '../state/state-errors.js';
import type { StateStore } from '../state/state-store.js';
import type { StoredWatch } from '../state/watch-store.js';
import {
  answerOfPlan,
  answerOfProblem,
  fingerprintOf,
  isLiveStateProblem,
  type WatchAnswer,
} from './watch-answer.js';
import { storedWatchQuery } from './watch-query.js';
import { routeChangeInstants } from './watch-route-timing.js';

/** The body of a webhook delivery. */
export interface WatchNotification {
  /** The delivery id (also Webhook-Id): the same on every attempt. */
  id: string;
  type: 'watch.route-changed';
  watchId: string;
  /** When the change was noticed, ISO 8601 UTC. */
  occurredAt: string;
  /** The live-state version the new answer was planned under. */
  stateVersion: string;
  query: StoredWatch['query'];
  previous: WatchAnswer;
  current: WatchAnswer;
}

export interface WatchEvaluatorOptions {
  /** The clock (default: the system clock). */
  clock?: () => Date;
  /** Plans the queries (default: in this thread); the route worker pool's planner moves the work off the loop. */
  planner?: RoutePlanner;
  /** Watches planned at the same time with a `planner` (default DEFAULT_EVALUATION_CONCURRENCY); else one. */
  concurrency?: number;
  /**
   * After a saturated planner refused a watch, the wait before it is tried again (1, 2, 3 times this); a
   * watch refused four times, or that the store could not record, is left to another round, started four
   * times this later. Default 1000 ms.
   */
  retryMs?: number;
  /** Called after an evaluation queued deliveries (the sender sends them at once). */
  onQueued?: () => void;
  /**
   * Called at the end of each evaluation of every watch, with the instant it started (epoch ms): the watches'
   * route instants (routeInstants) are those of the answers just planned.
   */
  onRound?: (startedAt: number) => void;
  /** Called when a watch cannot be evaluated (a stored query this build refuses); default: ignored. */
  onError?: (watchId: string, error: unknown) => void;
}

/** Enough to keep a pool of a few workers busy without filling its queue (32 jobs per worker). */
export const DEFAULT_EVALUATION_CONCURRENCY = 4;

/** The answer of a watch's query at one instant. */
export interface PlannedWatchAnswer {
  answer: WatchAnswer;
  fingerprint: string;
  /** The live-state version it was planned under. */
  stateVersion: number;
  /** The instant it was planned for (epoch ms, the evaluator's clock). */
  plannedAt: number;
  /**
   * The instants after plannedAt at which cargo leaving then meets a disruption's start or end down the
   * answer's routes (watch-route-timing.ts); empty for a query timed from its own departAt, or planned on the
   * static network, whose answer does not move with the clock.
   */
  instants: number[];
}

/** A deadline without departAt plans cargo leaving now to the minute (route-planner.ts). */
const DEADLINE_STEP_MS = 60_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Tries of one watch refused by a saturated planner before the round leaves it to the next round. */
const TRANSIENT_ATTEMPTS = 4;

/** A planner's refusal that passes (a saturated or restarting worker pool): the watch is tried again soon. */
const isTransient = (error: unknown) => error instanceof ProblemError && error.code === 'OVERLOADED';

/** The store cannot be reached: the watch is left to another round (the mirror reports the outage). */
const isStoreDown = (error: unknown) => error instanceof StateError && error.code === 'STORE_UNAVAILABLE';

export class WatchEvaluator {
  private readonly context: LiveContextReader;
  private readonly planner: RoutePlanner;
  private readonly nowMs: () => number;
  private readonly concurrency: number;
  /** One round at a time; a change during one runs another after it. */
  private readonly rounds = new RerunAfter(() => this.run());
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** Per watch, the instants its last evaluated answer changes at down its routes. */
  private readonly instantsByWatch = new Map<string, readonly number[]>();

  constructor(
    private readonly network: Network,
    private readonly store: StateStore,
    live: LiveStateSource,
    private readonly options: WatchEvaluatorOptions = {},
  ) {
    const { clock } = options;
    this.nowMs = clock ? () => clock().getTime() : Date.now;
    this.context = new LiveContextReader({ liveState: live, ...(clock ? { clock } : {}) });
    this.planner = options.planner ?? inProcessPlanner(network);
    // In this thread a plan holds the loop until it is done: one at a time, so that one search at most runs
    // between two turns of the loop.
    this.concurrency = options.planner
      ? Math.max(1, options.concurrency ?? DEFAULT_EVALUATION_CONCURRENCY)
      : 1;
  }

  /**
   * The answer a query has under the current live state, and the state version and instant it was planned
   * for. A routing problem the live state can undo (NO_ROUTE) is an answer; any other error (an unknown
   * place) throws.
   */
  async answer(query: RoutesQuery): Promise<PlannedWatchAnswer> {
    const plannedAt = this.nowMs();
    const context = this.context.read(plannedAt);
    const stateVersion = Number(context.live.version);
    // Always the JSON answer, whatever format the watch's query names: the summary is made from it.
    const { format: _format, ...json } = query;
    let answer: WatchAnswer;
    let instants: number[] = [];
    try {
      const planned = await this.planner(json, context.plan);
      // The /routes body as it is sent, whichever thread planned it: the same summary either way.
      const plan = JSON.parse(planned.body.toString('utf8')) as RoutePlan;
      answer = answerOfPlan(plan);
      // Timed from now: the departure moves with the clock, and with it where the cargo meets a disruption.
      if (query.departAt === undefined && query.ignoreDisruptions !== true) {
        const step = query.arriveBy === undefined ? undefined : DEADLINE_STEP_MS;
        instants = routeChangeInstants(this.network, plan, context.plan.disruptions, plannedAt, step);
      }
    } catch (error) {
      if (!isLiveStateProblem(error)) throw error;
      answer = answerOfProblem(error);
    }
    return { answer, fingerprint: fingerprintOf(answer), stateVersion, plannedAt, instants };
  }

  /** Keeps the route instants of a watch's answer (a new watch's, before any round has planned it). */
  remember(watchId: string, planned: Pick<PlannedWatchAnswer, 'instants'>): void {
    if (planned.instants.length > 0) this.instantsByWatch.set(watchId, planned.instants);
    else this.instantsByWatch.delete(watchId);
  }

  /** The route instants of every watch's last evaluated answer (WatchTimer's `instants`). */
  *routeInstants(): Iterable<number> {
    for (const list of this.instantsByWatch.values()) yield* list;
  }

  /** Evaluates every watch now (or after the evaluation running); resolves to the deliveries queued. */
  evaluateAll(): Promise<number> {
    return this.rounds.run();
  }

  /** Resolves when no evaluation is running. */
  async idle(): Promise<void> {
    while (this.rounds.running) await this.rounds.running.catch(() => 0);
  }

  /** Stops the retries of watches the planner refused; resolves when no evaluation is running. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.idle();
  }

  private async run(): Promise<number> {
    const startedAt = this.nowMs();
    try {
      return await this.round();
    } finally {
      this.options.onRound?.(startedAt);
    }
  }

  private async round(): Promise<number> {
    let watches: StoredWatch[];
    try {
      watches = await this.store.watches.list();
    } catch (error) {
      // A change that time brought while the store is down is evaluated once it is back.
      if (isStoreDown(error)) this.retryLater();
      throw error;
    }
    // Watches deleted since the last round take their instants with them.
    const listed = new Set(watches.map((w) => w.id));
    for (const id of this.instantsByWatch.keys()) if (!listed.has(id)) this.instantsByWatch.delete(id);
    let queued = 0;
    let refused = 0;
    let next = 0;
    const retryMs = this.options.retryMs ?? 1_000;
    // Watches whose answer is the one recorded: their evaluations are recorded together after the round.
    const kept = new Map<string, { watch: StoredWatch; planned: PlannedWatchAnswer }>();
    const lane = async () => {
      while (next < watches.length && !this.closed) {
        const watch = watches[next++] as StoredWatch;
        // A refusal of a saturated pool: this lane waits and tries the same watch again (others are running).
        for (let attempt = 1; ; attempt++) {
          try {
            const planned = await this.answer(storedWatchQuery(watch.query));
            this.remember(watch.id, planned);
            if (planned.fingerprint === watch.fingerprint) kept.set(watch.id, { watch, planned });
            else if (await this.record(watch, planned)) queued++;
          } catch (error) {
            if (isTransient(error) && attempt < TRANSIENT_ATTEMPTS && !this.closed) {
              await new Promise((resolve) => setTimeout(resolve, retryMs * attempt).unref());
              continue;
            }
            if (isTransient(error) || isStoreDown(error)) refused++;
            else this.options.onError?.(watch.id, error);
          }
          break;
        }
        // Planned in this thread, a watch took the loop for its search: let requests in before the next.
        await yieldToLoop();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, watches.length) }, lane));
    try {
      const missed = await this.store.watches.recordEvaluations(
        [...kept.values()].map(({ watch, planned }) => ({
          id: watch.id,
          fingerprint: planned.fingerprint,
          stateVersion: planned.stateVersion,
          plannedAt: planned.plannedAt,
        })),
      );
      // Changed by another replica meanwhile, or deleted: decided one by one, as any answer.
      for (const id of missed) {
        const entry = kept.get(id);
        if (entry && (await this.record(entry.watch, entry.planned))) queued++;
      }
    } catch (error) {
      if (isStoreDown(error)) refused++;
      else throw error;
    }
    if (queued > 0) this.options.onQueued?.();
    if (refused > 0) this.retryLater();
    return queued;
  }

  /** Another round in a while (one at most pending), for watches that could not be evaluated in this one. */
  private retryLater(): void {
    if (this.closed || this.retry !== undefined) return;
    this.retry = setTimeout(
      () => {
        this.retry = undefined;
        void this.evaluateAll().catch(() => {});
      },
      (this.options.retryMs ?? 1_000) * TRANSIENT_ATTEMPTS,
    );
    this.retry.unref();
  }

  /** Records a watch's answer (and queues a delivery if it changed); whether a delivery was queued. */
  private async record(watch: StoredWatch, planned: PlannedWatchAnswer): Promise<boolean> {
    const { answer, fingerprint, stateVersion, plannedAt } = planned;
    const id = await this.store.watches.recordAnswer(watch.id, {
      fingerprint,
      answer,
      stateVersion,
      plannedAt,
      payload: (deliveryId, previous) =>
        JSON.stringify({
          id: deliveryId,
          type: 'watch.route-changed',
          watchId: watch.id,
          occurredAt: toInstant(plannedAt),
          stateVersion: String(stateVersion),
          query: watch.query,
          previous: previous as WatchAnswer,
          current: answer,
        } satisfies WatchNotification),
    });
    return id !== undefined;
  }
}
