/**
 * Sends queued webhook deliveries: claims the due ones from the store (a lease, so that one sender sends
 * each), re-checks the callback's addresses and connects to the checked one, POSTs the JSON body signed with
 * the watch's secret, and records the outcome. A 2xx answer delivers; anything else (another status, a
 * refused address, a connection error, a timeout) is retried with exponential backoff and jitter until the
 * attempts are used up, then the delivery is `failed`. Redirects are not followed. Deliveries survive
 * restarts: they are rows, and a sender that starts sends whatever is due.
 */
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AttemptOutcome, DueDelivery, WatchStore } from '../state/watch-store.js';
import {
  CallbackUrlError,
  hostOf,
  parseCallbackUrl,
  type ResolvedAddress,
  resolveCallback,
} from './callback-address.js';
import { signWebhook } from './webhook-signature.js';

export interface WebhookDispatcherOptions {
  /** Allow callbacks to private and loopback addresses (tests; WATCH_ALLOW_PRIVATE_CALLBACKS). */
  allowPrivate?: boolean;
  /** Extra certificate authorities to trust for callbacks (PEM), added to Node's own; tests pass their own. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Attempts before a delivery is `failed`. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubled for each further one, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest an attempt may take (connect, send, answer). */
  timeoutMs?: number;
  /** How often the store is asked for due deliveries. */
  pollMs?: number;
  /** Deliveries sent at the same time by this process. */
  concurrency?: number;
  /** Random numbers in [0, 1) for the jitter (default Math.random). */
  random?: () => number;
}

export const DEFAULT_WEBHOOK_OPTIONS = {
  allowPrivate: false,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
  pollMs: 1_000,
  concurrency: 4,
} as const;

/** The most of an answer's body that is read (and dropped): receivers are expected to answer briefly. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * The delay before attempt `attempt + 1` after `attempt` failed ones: base × 2^(attempt-1), capped, of which
 * a random half is waited ("equal jitter"), so that receivers that failed together are not retried together.
 */
export function retryDelay(attempt: number, base: number, max: number, random: () => number): number {
  const full = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/** A lookup that answers with the address already checked: the connection goes where the check looked. */
function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  }) as unknown as LookupFunction;
}

export class WebhookDispatcher {
  private readonly o: Required<Omit<WebhookDispatcherOptions, 'ca'>> & Pick<WebhookDispatcherOptions, 'ca'>;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly store: WatchStore,
    options: WebhookDispatcherOptions = {},
  ) {
    this.o = { ...DEFAULT_WEBHOOK_OPTIONS, random: Math.random, ...options };
  }

  /** Starts polling for due deliveries (and sends what is due now). */
  start(): this {
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
    return this;
  }

  /** Looks for due deliveries now (after the round running, if one is). */
  kick(): void {
    if (this.closed) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch(() => {
        // The store is unreachable: the next poll tries again.
      })
      .finally(() => {
        this.ticking = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when the round running (if any) is over; for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.ticking) await this.ticking;
  }

  private async tick(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const now = Date.now();
      const due = await this.store.claimDue(now, this.o.concurrency, this.o.timeoutMs * 2);
      if (due.length === 0) return;
      await Promise.all(due.map((d) => this.deliver(d)));
    }
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    const outcome = await this.attempt(delivery);
    const attempts = delivery.attempts + 1;
    const recorded: AttemptOutcome = outcome.delivered
      ? outcome
      : {
          ...outcome,
          retryAt:
            attempts >= this.o.maxAttempts
              ? null
              : Date.now() + retryDelay(attempts, this.o.baseDelayMs, this.o.maxDelayMs, this.o.random),
        };
    await this.store.recordAttempt(delivery.id, recorded);
  }

  /** One attempt: resolve and check, connect to the checked address, POST, read the status. */
  private async attempt(
    delivery: DueDelivery,
  ): Promise<{ delivered: true; status: number } | { delivered: false; status?: number; error: string }> {
    let url: URL;
    let address: ResolvedAddress;
    try {
      url = parseCallbackUrl(delivery.callbackUrl);
      [address] = (await resolveCallback(url, { allowPrivate: this.o.allowPrivate })) as [ResolvedAddress];
    } catch (error) {
      const why = error instanceof CallbackUrlError ? `callbackUrl ${error.message}` : String(error);
      return { delivered: false, error: why };
    }
    const timestamp = Math.floor(Date.now() / 1000);
    const body = Buffer.from(delivery.payload);
    const host = hostOf(url);
    return new Promise((resolve) => {
      const req = httpsRequest(
        {
          protocol: 'https:',
          hostname: host,
          port: url.port === '' ? 443 : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          lookup: pinnedLookup(address),
          ...(this.o.ca !== undefined ? { ca: this.o.ca } : {}),
          timeout: this.o.timeoutMs,
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'user-agent': 'eurasia-freight-routes-webhooks',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(delivery.secret, delivery.id, timestamp, delivery.payload),
          },
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          const status = res.statusCode ?? 0;
          const done = () =>
            resolve(
              status >= 200 && status < 300
                ? { delivered: true, status }
                : { delivered: false, status, error: `the callback answered ${status}` },
            );
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      const deadline = setTimeout(
        () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)),
        this.o.timeoutMs,
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.o.timeoutMs} ms`)));
      req.on('error', (error) => resolve({ delivered: false, error: error.message }));
      req.on('close', () => clearTimeout(deadline));
      req.end(body);
    });
  }

  /** Stops sending; resolves when the round in flight is recorded. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }
}
