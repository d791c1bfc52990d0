/**
 * The live-state store: one object over one database (SQLite or PostgreSQL, as DATABASE_URL says) holding
 * disruptions, their history, API keys, Idempotency-Key answers, watches and their deliveries, with the state version that changes on
 * every write. openStateStore migrates the schema before it returns. Server and CLI open it the same way.
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Disruption, LiveState } from '../domain/index.js';
import { ApiKeyStore } from './api-key-store.js';
import { describeStoreLocation, type StoreLocation } from './database-url.js';
import { fromRow, type StoredDisruption, toDisruption } from './disruption-record.js';
import { DisruptionStore } from './disruption-store.js';
import { migrateToLatest, ping } from './migrations.js';
import { type OpenDatabaseOptions, openDatabase } from './open-database.js';
import type { StateDatabase } from './state-tables.js';
import { WatchStore } from './watch-store.js';
import { STATE_CHANNEL, storeError } from './write-transaction.js';

export type StoreEngine = StoreLocation['engine'];

/** The live state as routing reads it, and the same disruptions as stored (with who and when). */
export interface LiveSnapshot {
  state: LiveState;
  records: readonly StoredDisruption[];
}

/** Something that wants to know when this process committed a change (the mirror). */
export type CommitListener = () => Promise<void>;

export class StateStore {
  readonly disruptions: DisruptionStore;
  readonly keys: ApiKeyStore;
  readonly watches: WatchStore;
  private readonly listeners = new Set<CommitListener>();

  constructor(
    readonly engine: StoreEngine,
    readonly description: string,
    private readonly db: Kysely<StateDatabase>,
    private readonly pgConfig?: pg.ClientConfig,
  ) {
    this.disruptions = new DisruptionStore(db, engine, () => this.committed());
    this.keys = new ApiKeyStore(db);
    this.watches = new WatchStore(db, engine);
  }

  private async committed(): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener();
      } catch {
        // A listener's failure (a mirror that cannot reload) never turns a committed write into an error.
      }
    }
  }

  /** Calls `listener` after each change this process commits, before the write resolves. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current state version. */
  async version(): Promise<number> {
    try {
      const row = await this.db
        .selectFrom('state_version')
        .select('version')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.version);
    } catch (error) {
      throw storeError(error);
    }
  }

  /**
   * The live state: every disruption not ended at `now`, and the state version they belong to. The version is
   * read before and after the disruptions; a write in between makes it read again, so the two always match.
   */
  async snapshot(now = Date.now()): Promise<LiveSnapshot> {
    for (let attempt = 0; ; attempt++) {
      const before = await this.version();
      let records: StoredDisruption[];
      try {
        const rows = await this.db
          .selectFrom('disruptions')
          .selectAll()
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
          .orderBy('starts_at')
          .orderBy('id')
          .execute();
        records = rows.map((r) => Object.freeze(fromRow(r)));
      } catch (error) {
        throw storeError(error);
      }
      const after = await this.version();
      if (before === after || attempt >= 10) {
        const disruptions: Disruption[] = records.map((r) => Object.freeze(toDisruption(r)));
        return {
          state: Object.freeze({ version: String(after), disruptions: Object.freeze(disruptions) }),
          records: Object.freeze(records),
        };
      }
    }
  }

  /** SQLite: the durability settings of this connection (WAL, synchronous=FULL is 2); undefined on PostgreSQL. */
  async sqliteDurability(): Promise<{ journalMode: string; synchronous: number } | undefined> {
    if (this.engine !== 'sqlite') return undefined;
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(this.db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(this.db);
    return {
      journalMode: String(journal.rows[0]?.journal_mode),
      synchronous: Number(sync.rows[0]?.synchronous),
    };
  }

  /** Whether the database answers now. */
  async ping(): Promise<void> {
    try {
      await ping(this.db);
    } catch (error) {
      throw storeError(error);
    }
  }

  /**
   * PostgreSQL: calls `onChange` with the new version whenever any process commits a change (LISTEN/NOTIFY).
   * Resolves to a function that stops listening; undefined on SQLite (poll instead) or when the connection fails.
   */
  async listen(
    onChange: (version: number) => void,
    onError: (error: Error) => void,
  ): Promise<(() => Promise<void>) | undefined> {
    if (this.engine !== 'postgres' || this.pgConfig === undefined) return undefined;
    const client = new pg.Client(this.pgConfig);
    client.on('error', onError);
    client.on('notification', (message) => {
      if (message.channel === STATE_CHANNEL) onChange(Number(message.payload));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STATE_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      onError(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    }
    return async () => {
      await client.end().catch(() => {});
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.db.destroy();
  }
}

/** The store could not be opened or migrated at start; the message names where (without a password). */
export class StoreOpenError extends Error {
  override name = 'StoreOpenError';
}

/** Opens the store at a location, creating or migrating its schema. */
export async function openStateStore(
  location: StoreLocation,
  options: OpenDatabaseOptions = {},
): Promise<StateStore> {
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(location, options);
  } catch (error) {
    throw new StoreOpenError(
      `cannot open the state store at ${describeStoreLocation(location)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const { engine, db, pgConfig } = opened;
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new Error(
      `cannot open the state store at ${describeStoreLocation(location)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return new StateStore(engine, describeStoreLocation(location), db, pgConfig);
}
