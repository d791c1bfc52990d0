/**
 * A server as server.ts assembles it for watches (store and mirror, watch service, app), without listening:
 * the mirror polls and the sender retries fast, webhooks are sent to a test receiver trusted through its
 * certificate. Closing it closes the app, then the watches, then the store, as the server does.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { Network } from '../../src/domain/index.js';
import { type LiveStateHandle, openLiveState, type StoreLocation } from '../../src/state/index.js';
import { startWatches, type WatchService } from '../../src/watches/index.js';

export interface WatchReplica {
  live: LiveStateHandle;
  watches: WatchService;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface WatchReplicaOptions {
  /** The certificate of the HTTPS receiver the webhooks go to. */
  ca: string | Buffer;
  /** The clock of the mirror, the watches and the app (default: the system clock). */
  clock?: () => Date;
  /** Whether this replica sends webhooks (default true). */
  send?: boolean;
  /** Whether callbacks to private addresses are allowed (default true: the receiver is on loopback). */
  allowPrivate?: boolean;
  /** Delivery attempts before a webhook is given up (default: the sender's). */
  maxAttempts?: number;
}

export async function startWatchReplica(
  network: Network,
  location: StoreLocation,
  { ca, clock, send = true, allowPrivate = true, maxAttempts }: WatchReplicaOptions,
): Promise<WatchReplica> {
  const live = await openLiveState(location, {
    mirror: { pollMs: 50, ...(clock ? { now: () => clock().getTime() } : {}) },
  });
  const watches = await startWatches({
    network,
    store: live.store,
    mirror: live.mirror,
    send,
    ...(clock ? { clock } : {}),
    webhooks: {
      allowPrivate,
      ca,
      baseDelayMs: 100,
      maxDelayMs: 200,
      pollMs: 50,
      ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    },
  });
  const app = await buildApp({
    network,
    state: live,
    liveState: live.mirror,
    watches,
    writeRateLimitMax: 0,
    ...(clock ? { clock } : {}),
  });
  return {
    live,
    watches,
    app,
    async close() {
      await app.close();
      await watches.close();
      await live.close();
    },
  };
}
