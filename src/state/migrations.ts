/**
 * Versioned migrations of the live-state store, in code (no files to ship or find at run time), applied in
 * name order at every start by Kysely's Migrator, which locks against replicas migrating at the same time.
 * A released migration is never edited: a change of schema is a new entry.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { StateDatabase } from './state-tables.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on a schema that is not yet the typed one
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('state_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('state_version').values({ id: 1, version: 1 }).execute();

      await db.schema
        .createTable('disruptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('effect', 'text', (c) => c.notNull())
        .addColumn('extra_hours', 'double precision')
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disruptions_ends_at').on('disruptions').column('ends_at').execute();
      await db.schema
        .createIndex('disruptions_target')
        .on('disruptions')
        .columns(['target_kind', 'target_id'])
        .execute();

      await db.schema
        .createTable('disruption_history')
        .addColumn('disruption_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'bigint', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('state_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('disruption_history_pk', ['disruption_id', 'version'])
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['api_key_id', 'idempotency_key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_created_at')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
    },
  },
  '0002-watches': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run on a schema that is not yet the typed one
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('watches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('api_key_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('query', 'text', (c) => c.notNull())
        .addColumn('callback_url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('evaluated_state_version', 'bigint', (c) => c.notNull())
        .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .execute();
      await db.schema.createIndex('watches_api_key').on('watches').column('api_key_id').execute();

      await db.schema
        .createTable('watch_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('watch_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state_version', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_attempt_at', 'bigint')
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('watch_deliveries_watch')
        .on('watch_deliveries')
        .columns(['watch_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('watch_deliveries_due')
        .on('watch_deliveries')
        .columns(['status', 'next_attempt_at'])
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Names of every migration this build knows, oldest first. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();

/**
 * Two processes that start at once on a new SQLite file race here: Kysely's migration lock is a no-op on
 * SQLite (one connection per process), so both read "nothing applied" and the second one's DDL fails with
 * "already exists" or a busy snapshot once the first commits. Every migration runs in one transaction, so the
 * loser has changed nothing and a fresh attempt sees what the winner applied. PostgreSQL takes an advisory
 * lock and never gets here.
 */
const CONCURRENT_MIGRATION = /already exists|SQLITE_BUSY|database is locked/i;
const MIGRATION_ATTEMPTS = 10;

/** Brings the store's schema up to date; throws, naming the migration, when one fails. */
export async function migrateToLatest(db: Kysely<StateDatabase>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'state_migrations',
    migrationLockTableName: 'state_migrations_lock',
  });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    const message = error instanceof Error ? error.message : String(error);
    if (attempt < MIGRATION_ATTEMPTS && CONCURRENT_MIGRATION.test(`${message} ${errorCode(error)}`)) {
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      continue;
    }
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`state store migration ${failed} failed: ${message}`, { cause: error });
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Runs a statement that proves the connection works (used by the store's health check). */
export async function ping(db: Kysely<StateDatabase>): Promise<void> {
  await sql`select 1`.execute(db);
}
