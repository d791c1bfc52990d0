/**
 * Every change to the live state goes through one transaction shape: the state version is incremented first
 * (which also takes the write lock: SQLite's BEGIN IMMEDIATE, PostgreSQL's row lock on the version), then the
 * change, then on PostgreSQL a NOTIFY that is delivered only if the transaction commits. A write is
 * acknowledged only after its commit returned. Driver failures become STORE_UNAVAILABLE.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { isUnavailable, StateError, unavailable } from './state-errors.js';
import type { StateDatabase } from './state-tables.js';

/** The channel replicas LISTEN on; the payload is the new state version. */
export const STATE_CHANNEL = 'eurasia_freight_routes_state';

/** Thrown inside a write to roll it back (nothing changed) and return a value all the same. */
class Unchanged<T> extends Error {
  constructor(readonly value: T) {
    super('unchanged');
  }
}

/** Ends a write without changing anything (the version increment is rolled back with it). */
export function unchanged<T>(value: T): never {
  throw new Unchanged(value);
}

/** Maps a driver error to STORE_UNAVAILABLE where it means the store cannot be reached. */
export function storeError(error: unknown): unknown {
  if (error instanceof StateError) return error;
  return isUnavailable(error) ? unavailable(error) : error;
}

export interface WriteContext {
  trx: Transaction<StateDatabase>;
  /** The state version this write commits. */
  stateVersion: number;
}

/** Runs a change in a transaction that increments the state version; resolves after the commit. */
export async function writeTransaction<T>(
  db: Kysely<StateDatabase>,
  engine: 'sqlite' | 'postgres',
  change: (context: WriteContext) => Promise<T>,
): Promise<{ value: T; changed: boolean; stateVersion?: number }> {
  try {
    let stateVersion = 0;
    const value = await db.transaction().execute(async (trx) => {
      const bumped = await trx
        .updateTable('state_version')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', 1)
        .returning('version')
        .executeTakeFirstOrThrow();
      stateVersion = Number(bumped.version);
      const result = await change({ trx, stateVersion });
      if (engine === 'postgres')
        await sql`select pg_notify(${STATE_CHANNEL}, ${String(stateVersion)})`.execute(trx);
      return result;
    });
    return { value, changed: true, stateVersion };
  } catch (error) {
    if (error instanceof Unchanged) return { value: error.value as T, changed: false };
    throw storeError(error);
  }
}
