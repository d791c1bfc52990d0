/**
 * Watches in one process: the evaluator, which re-plans every watch when the mirror loads a new state
 * version and at each instant a disruption comes into force or ends for the cargo of a watch leaving then
 * (the timer, re-armed after every round with the instants of the answers just planned), and the sender of the
 * deliveries it queues. server.ts starts one per process; the /watches routes use its evaluator for the answer
 * a new watch starts from and its callback policy. Everything here belongs to the instance: two services
 * (two apps in one process, or a test's replicas) share nothing but the store.
 */
import type { Network } from '../domain/index.js';
import type { LiveMirror } from '../state/live-mirror.js';
import type { StateStore } from '../state/state-store.js';
import { type PlannedWatchAnswer, WatchEvaluator, type WatchEvaluatorOptions } from './watch-evaluator.js';
import { WatchTimer } from './watch-timer.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.js';

export interface WatchServiceOptions {
  network: Network;
  store: StateStore;
  mirror: LiveMirror;
  /** How deliveries are sent; `allowPrivate` is also the policy for new watches' callback URLs. */
  webhooks?: WebhookDispatcherOptions;
  /** false: queue deliveries but send none (a replica that only plans; tests of restarts). */
  send?: boolean;
  /** The clock answers are planned at and the timer reads (default: the system clock); the app's. */
  clock?: WatchEvaluatorOptions['clock'];
  /** Plans the watches' queries: the route worker pool's planner when there is one (default: in-process). */
  planner?: WatchEvaluatorOptions['planner'];
  /** Watches planned at the same time. */
  concurrency?: WatchEvaluatorOptions['concurrency'];
  onError?: WatchEvaluatorOptions['onError'];
}

export class WatchService {
  readonly evaluator: WatchEvaluator;
  readonly dispatcher: WebhookDispatcher;
  /** Wakes the evaluator when a disruption comes into force or ends. */
  readonly timer: WatchTimer;
  readonly allowPrivateCallbacks: boolean;
  private readonly stopFollowing: () => void;
  private readonly sending: boolean;

  constructor(options: WatchServiceOptions) {
    const { network, store, mirror, clock } = options;
    this.allowPrivateCallbacks = options.webhooks?.allowPrivate ?? false;
    this.sending = options.send ?? true;
    this.dispatcher = new WebhookDispatcher(store.watches, options.webhooks);
    this.evaluator = new WatchEvaluator(network, store, mirror, {
      ...(clock ? { clock } : {}),
      ...(options.planner ? { planner: options.planner } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      onQueued: () => {
        if (this.sending) this.dispatcher.kick();
      },
      // From the round's start: an instant that passed while it ran is due at once.
      onRound: (startedAt) => this.timer.arm(startedAt),
    });
    this.timer = new WatchTimer({
      disruptions: () => mirror.current().disruptions,
      instants: () => this.evaluator.routeInstants(),
      onDue: () => this.evaluator.evaluateAll(),
      ...(clock ? { now: () => clock().getTime() } : {}),
    });
    const reevaluate = () => {
      void this.evaluator.evaluateAll().catch(() => {});
      this.timer.arm();
    };
    const stopChanges = mirror.onChange(reevaluate);
    // A change that time brought while the store was down is evaluated once it is back (as well as by the
    // evaluator's own retries), even when no write changed the state version meanwhile.
    const stopReconnects = mirror.onReconnect(reevaluate);
    this.stopFollowing = () => {
      stopChanges();
      stopReconnects();
    };
  }

  /**
   * Evaluates every watch once (changes made while no process ran, closures that came into force meanwhile
   * among them), arms the timer and starts sending.
   */
  async start(): Promise<this> {
    await this.evaluator.evaluateAll().catch(() => {});
    this.timer.arm();
    if (this.sending) this.dispatcher.start();
    return this;
  }

  /** A watch just created with `planned` as its answer: the timer also waits for that answer's instants. */
  watched(watchId: string, planned: Pick<PlannedWatchAnswer, 'instants'>): void {
    this.evaluator.remember(watchId, planned);
    this.timer.arm();
  }

  async close(): Promise<void> {
    this.stopFollowing();
    await this.timer.close();
    await this.evaluator.close();
    await this.dispatcher.close();
  }
}

/** Creates and starts the watches of a process. */
export function startWatches(options: WatchServiceOptions): Promise<WatchService> {
  return new WatchService(options).start();
}
