/**
 * Re-plans every watch when the live state changes and queues a delivery for each whose answer changed. It
 * runs in every replica, on each state version its mirror loads (its own writes at once, the others' through
 * NOTIFY or the poll); the store records an answer only under a state version newer than the watch's last,
 * and locks the watch while it does, so a change queues one delivery however many replicas see it.
 * Evaluations never overlap: a change during one runs another after it.
 */
import type { LiveStateSource, Network } from '../domain/index.js';
import { LiveContextReader } from '../http/serving/live-context.js';
import type { RoutesQuery } from '../http/serving/route-cache.js';
import { routePlanOf } from '../http/serving/route-planner.js';
import { toInstant } from '../state/disruption-record.js';
import { RerunAfter } from '../state/rerun-after.js';
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
  /** Called after an evaluation queued deliveries (the sender sends them at once). */
  onQueued?: () => void;
  /** Called when a watch cannot be evaluated (a stored query this build refuses); default: ignored. */
  onError?: (watchId: string, error: unknown) => void;
}

export class WatchEvaluator {
  private readonly context: LiveContextReader;
  private readonly evaluations = new RerunAfter(() => this.run());

  constructor(
    private readonly network: Network,
    private readonly store: StateStore,
    private readonly live: LiveStateSource,
    private readonly options: WatchEvaluatorOptions = {},
  ) {
    this.context = new LiveContextReader({
      liveState: live,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  /**
   * The answer a query has under the current live state, and the state version it was planned under. A
   * routing problem the live state can undo (NO_ROUTE) is an answer; any other error (an unknown place) throws.
   */
  answer(query: RoutesQuery): { answer: WatchAnswer; fingerprint: string; stateVersion: number } {
    const context = this.context.read();
    let answer: WatchAnswer;
    try {
      answer = answerOfPlan(routePlanOf(this.network, query, context.plan));
    } catch (error) {
      if (!isLiveStateProblem(error)) throw error;
      answer = answerOfProblem(error);
    }
    return { answer, fingerprint: fingerprintOf(answer), stateVersion: Number(context.live.version) };
  }

  /** Evaluates every watch now (or after the evaluation running); resolves to the deliveries queued. */
  evaluateAll(): Promise<number> {
    return this.evaluations.run();
  }

  /** Resolves when no evaluation is running. */
  async idle(): Promise<void> {
    for (let run = this.evaluations.running; run; run = this.evaluations.running) await run.catch(() => 0);
  }

  private async run(): Promise<number> {
    const watches = await this.store.watches.list();
    let queued = 0;
    for (const watch of watches) {
      try {
        const { answer, fingerprint, stateVersion } = this.answer(storedWatchQuery(watch.query));
        if (fingerprint === watch.fingerprint && stateVersion <= watch.evaluatedStateVersion) continue;
        const now = (this.options.clock?.() ?? new Date()).getTime();
        const id = await this.store.watches.recordAnswer(
          watch.id,
          {
            fingerprint,
            answer,
            stateVersion,
            payload: (deliveryId, previous) =>
              JSON.stringify({
                id: deliveryId,
                type: 'watch.route-changed',
                watchId: watch.id,
                occurredAt: toInstant(now),
                stateVersion: String(stateVersion),
                query: watch.query,
                previous: previous as WatchAnswer,
                current: answer,
              } satisfies WatchNotification),
          },
          now,
        );
        if (id !== undefined) queued++;
      } catch (error) {
        this.options.onError?.(watch.id, error);
      }
    }
    if (queued > 0) this.options.onQueued?.();
    return queued;
  }
}
