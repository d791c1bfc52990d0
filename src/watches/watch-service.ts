/**
 * Watches in one process: the evaluator, which re-plans every watch when the mirror loads a new state
 * version, and the sender of the deliveries it queues. server.ts starts one per process; the /watches routes
 * use its evaluator for the answer a new watch starts from and its callback policy.
 */
import type { Network } from '../domain/index.js';
import type { LiveMirror } from '../state/live-mirror.js';
import type { StateStore } from '../state/state-store.js';
import { WatchEvaluator, type WatchEvaluatorOptions } from './watch-evaluator.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './webhook-dispatcher.js';

export interface WatchServiceOptions {
  network: Network;
  store: StateStore;
  mirror: LiveMirror;
  /** How deliveries are sent; `allowPrivate` is also the policy for new watches' callback URLs. */
  webhooks?: WebhookDispatcherOptions;
  /** false: queue deliveries but send none (a replica that only plans; tests of restarts). */
  send?: boolean;
  clock?: WatchEvaluatorOptions['clock'];
  onError?: WatchEvaluatorOptions['onError'];
}

export class WatchService {
  readonly evaluator: WatchEvaluator;
  readonly dispatcher: WebhookDispatcher;
  readonly allowPrivateCallbacks: boolean;
  private readonly stopFollowing: () => void;
  private readonly sending: boolean;

  constructor(options: WatchServiceOptions) {
    const { network, store, mirror } = options;
    this.allowPrivateCallbacks = options.webhooks?.allowPrivate ?? false;
    this.sending = options.send ?? true;
    this.dispatcher = new WebhookDispatcher(store.watches, options.webhooks);
    this.evaluator = new WatchEvaluator(network, store, mirror, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      onQueued: () => {
        if (this.sending) this.dispatcher.kick();
      },
    });
    this.stopFollowing = mirror.onChange(() => {
      void this.evaluator.evaluateAll().catch(() => {});
    });
  }

  /** Evaluates every watch once (changes made while no process ran) and starts sending. */
  async start(): Promise<this> {
    await this.evaluator.evaluateAll().catch(() => {});
    if (this.sending) this.dispatcher.start();
    return this;
  }

  async close(): Promise<void> {
    this.stopFollowing();
    await this.evaluator.idle();
    await this.dispatcher.close();
  }
}

/** Creates and starts the watches of a process. */
export function startWatches(options: WatchServiceOptions): Promise<WatchService> {
  return new WatchService(options).start();
}
