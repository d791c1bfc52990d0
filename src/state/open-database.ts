/**
 * Opens the store's database with the dialect its location names: SQLite (better-sqlite3) or PostgreSQL
 * (pg), both behind one Kysely query layer. SQLite runs in WAL mode with synchronous=FULL, so that a
 * committed write survives a crash of the process or the machine; write transactions start with
 * BEGIN IMMEDIATE, so that two processes on one file queue for the lock instead of failing.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import type { StoreLocation } from './database-url.js';
import type { StateDatabase } from './state-tables.js';

export interface OpenDatabaseOptions {
  /** How long a SQLite writer waits for another process's lock before the write fails (503). */
  sqliteBusyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a connection before the operation fails (503). */
  connectTimeoutMs?: number;
  /** PostgreSQL: longest a single statement may run. */
  statementTimeoutMs?: number;
}

export const DEFAULT_OPEN_DATABASE_OPTIONS: Required<OpenDatabaseOptions> = {
  sqliteBusyTimeoutMs: 5_000,
  poolSize: 5,
  connectTimeoutMs: 2_000,
  statementTimeoutMs: 5_000,
};

/** An open database and what only its engine can do. */
export interface OpenDatabase {
  readonly engine: StoreLocation['engine'];
  readonly db: Kysely<StateDatabase>;
  /** PostgreSQL only: the pool's settings, for the LISTEN connection. */
  readonly pgConfig?: pg.ClientConfig;
}

/** A SQLite driver whose transactions take the write lock at once (BEGIN IMMEDIATE). */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** int8 (bigint) columns hold epoch milliseconds and versions, well inside a double's exact range. */
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Puts the file in WAL mode (kept in the file once set). Processes that open a new file at the same moment
 * can get SQLITE_BUSY here at once, without the busy handler being called (SQLite refuses rather than risk a
 * deadlock while another connection holds the lock it needs), so the change is retried every 20 ms for up to
 * `timeoutMs`. This runs while a process opens its store at start, before it serves anything, so the short
 * synchronous wait blocks no request.
 */
function useWriteAheadLog(sqlite: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

/** Opens (creating the SQLite file and its directory when missing) the database at a location. */
export function openDatabase(location: StoreLocation, options: OpenDatabaseOptions = {}): OpenDatabase {
  const o = { ...DEFAULT_OPEN_DATABASE_OPTIONS, ...options };
  if (location.engine === 'sqlite') {
    const path = resolve(location.path);
    mkdirSync(dirname(path), { recursive: true });
    const sqlite = new Database(path, { timeout: Math.round(o.sqliteBusyTimeoutMs) });
    useWriteAheadLog(sqlite, o.sqliteBusyTimeoutMs);
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma(`busy_timeout = ${Math.round(o.sqliteBusyTimeoutMs)}`);
    sqlite.pragma('foreign_keys = ON');
    return {
      engine: 'sqlite',
      db: new Kysely<StateDatabase>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) }),
    };
  }
  const pgConfig: pg.ClientConfig = {
    connectionString: location.url,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    query_timeout: o.statementTimeoutMs + 1_000,
    types: PG_TYPES,
  };
  const pool = new pg.Pool({ ...pgConfig, max: o.poolSize });
  // A connection that the server drops must not crash the process. While idle the pool listens for its error
  // (and discards it); while lent out, between two queries of one unit of work, the pool listens no more, so each
  // connection gets a listener of its own: the unit of work fails on its next query, the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return {
    engine: 'postgres',
    db: new Kysely<StateDatabase>({ dialect: new PostgresDialect({ pool }) }),
    pgConfig,
  };
}
