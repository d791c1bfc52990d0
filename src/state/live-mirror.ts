/**
 * The in-memory mirror of the live state that routing reads on every request (LiveStateSource): the
 * disruptions not yet ended and the state version. It reloads right after this process's own writes (before
 * they are acknowledged), and notices other processes' writes (other replicas, the CLI) within a second: on
 * PostgreSQL through LISTEN/NOTIFY with a poll as fallback, on SQLite by polling the one-row state version.
 * When the store cannot be reached it keeps serving the last state it loaded and says so in health().
 */
import type { LiveState, LiveStateSource } from '../domain/index.js';
import type { StoredDisruption } from './disruption-record.js';
import { RerunAfter } from './rerun-after.js';
import { type StateStore, StoreOpenError } from './state-store.js';

export interface LiveMirrorOptions {
  /** How often the state version is polled (SQLite; PostgreSQL's fallback when a notification is missed). */
  pollMs?: number;
  /** The clock (tests move it); disruptions ended at `now()` are left out of the snapshot. */
  now?: () => number;
}

/** SQLite: a poll of the state version costs microseconds; PostgreSQL: notifications do the work. */
export const DEFAULT_POLL_MS = { sqlite: 250, postgres: 500 } as const;

export interface MirrorHealth {
  engine: StateStore['engine'];
  reachable: boolean;
  stateVersion: string;
  /** When the mirror last read the store successfully (ISO 8601). */
  syncedAt: string | null;
  /** Why the store is unreachable, when it is. */
  error?: string;
}

export class LiveMirror implements LiveStateSource {
  private state: LiveState;
  private stored: readonly StoredDisruption[] = [];
  private reachable = false;
  private syncedAt: number | null = null;
  private lastError: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopListening: (() => Promise<void>) | undefined;
  private listening = false;
  private readonly reloads = new RerunAfter(() => this.load());
  private closed = false;
  private readonly pollMs: number;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;
  private readonly changeListeners = new Set<(state: LiveState) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  /** The store was reachable once and then was not: the next successful read is a reconnection. */
  private lost = false;

  constructor(
    private readonly store: StateStore,
    options: LiveMirrorOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS[store.engine];
    this.now = options.now ?? Date.now;
    this.state = Object.freeze({ version: '0', disruptions: Object.freeze([]) });
    this.unsubscribe = store.onCommit(() => this.refresh());
  }

  /** Loads the state (throws when the store cannot be read) and starts following changes. */
  async start(): Promise<this> {
    await this.load();
    if (!this.reachable)
      throw new StoreOpenError(`cannot read the state store at ${this.store.description}: ${this.lastError}`);
    await this.listen();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
    return this;
  }

  current(): LiveState {
    return this.state;
  }

  /** The same disruptions as current(), as stored (with who and when): the last known state for reads. */
  records(): readonly StoredDisruption[] {
    return this.stored;
  }

  health(): MirrorHealth {
    return {
      engine: this.store.engine,
      reachable: this.reachable,
      stateVersion: this.state.version,
      syncedAt: this.syncedAt === null ? null : new Date(this.syncedAt).toISOString(),
      ...(this.lastError !== undefined && !this.reachable ? { error: this.lastError } : {}),
    };
  }

  /** Reloads the snapshot now (after a write of this process); concurrent calls share one reload. */
  refresh(): Promise<void> {
    // A change committed while a reload was running may not be in it: it loads once more after it.
    return this.reloads.run();
  }

  /**
   * Calls `listener` (not awaited) each time the mirror loads another state version than it held: this
   * process's writes and every other's. Returns a function that stops the calls.
   */
  onChange(listener: (state: LiveState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Calls `listener` (not awaited) each time the store can be read again after it could not: work that failed
   * while it was down (an evaluation that time brought, say) can be done then, whether or not the state
   * version changed meanwhile. Returns a function that stops the calls.
   */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private notify<T extends unknown[]>(listeners: Iterable<(...args: T) => void>, ...args: T): void {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch {
        // A listener's failure never stops the mirror from following the store.
      }
    }
  }

  private async load(): Promise<void> {
    try {
      const { state, records } = await this.store.snapshot(this.now());
      const changed = state.version !== this.state.version;
      this.state = state;
      this.stored = records;
      this.markReachable();
      if (changed) this.notify(this.changeListeners, state);
    } catch (error) {
      this.markUnreachable(error);
    }
  }

  private markReachable(): void {
    const reconnected = this.lost && !this.reachable;
    this.reachable = true;
    this.syncedAt = Date.now();
    this.lastError = undefined;
    if (reconnected) {
      this.lost = false;
      this.notify(this.reconnectListeners);
    }
  }

  private markUnreachable(error: unknown): void {
    if (this.reachable) this.lost = true;
    this.reachable = false;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  private async poll(): Promise<void> {
    if (this.closed || this.reloads.running) return;
    try {
      const version = await this.store.version();
      this.markReachable();
      if (String(version) !== this.state.version) await this.refresh();
      if (!this.listening) await this.listen();
    } catch (error) {
      this.markUnreachable(error);
    }
  }

  private async listen(): Promise<void> {
    if (this.store.engine !== 'postgres' || this.closed) return;
    this.listening = true;
    this.stopListening = await this.store.listen(
      (version) => {
        if (String(version) !== this.state.version) void this.refresh();
      },
      () => {
        // The LISTEN connection broke: the poll keeps the mirror current and listens again once it can.
        this.listening = false;
        const stop = this.stopListening;
        this.stopListening = undefined;
        void stop?.();
      },
    );
    if (this.stopListening === undefined) this.listening = false;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.changeListeners.clear();
    if (this.timer) clearInterval(this.timer);
    await this.stopListening?.();
    await this.reloads.running;
  }
}
