/**
 * Watches and their webhook deliveries in the store. A watch is a route query, a callback URL, a signing
 * secret and the last answer (its fingerprint), with the state version and the instant it was planned for.
 * Recording a new answer and queueing its delivery is one transaction that locks the watch row and compares
 * with the answer recorded, so that when several replicas evaluate the same change (a write, or a disruption
 * coming into force at its start) only one delivery is queued. Deliveries are claimed for sending with a lease (PostgreSQL: FOR UPDATE SKIP LOCKED;
 * SQLite has one writer at a time), so that one sender sends a delivery; a sender that dies lets its lease run
 * out and another sends it again (at least once: receivers drop duplicates by the delivery id). Watch writes
 * do not change the state version: they change no route.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { toInstant } from './disruption-record.js';
import {
  type IdempotencyRequest,
  isUniqueViolation,
  type StoredAnswer,
  saveAnswer,
  storedAnswer,
} from './idempotency.js';
import { StateError } from './state-errors.js';
import type { StateDatabase, WatchDeliveriesTable, WatchesTable } from './state-tables.js';
import { storeError } from './write-transaction.js';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A watch's route query: parameter → value or values, as the /routes query-string parser gives them. */
export type WatchQuery = Record<string, string | string[]>;

/** A watch as the store keeps it (the secret aside). */
export interface StoredWatch {
  id: string;
  apiKeyId: string;
  createdBy: string;
  query: WatchQuery;
  callbackUrl: string;
  version: number;
  fingerprint: string;
  /** The last answer's summary, as the evaluator made it. */
  answer: unknown;
  evaluatedStateVersion: number;
  evaluatedAt: string;
  createdAt: string;
}

export interface NewWatch {
  apiKeyId: string;
  createdBy: string;
  query: WatchQuery;
  callbackUrl: string;
  fingerprint: string;
  answer: unknown;
  stateVersion: number;
  /** The instant the answer was planned for (epoch ms; default: now). */
  evaluatedAt?: number;
}

export interface StoredDelivery {
  id: string;
  watchId: string;
  status: DeliveryStatus;
  stateVersion: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A delivery claimed for sending, with what the sender needs. */
export interface DueDelivery {
  id: string;
  watchId: string;
  payload: string;
  attempts: number;
  callbackUrl: string;
  secret: string;
}

/** The outcome of one attempt: delivered, or the next attempt's time (null: give up, `failed`). */
export type AttemptOutcome =
  | { delivered: true; status: number }
  | { delivered: false; status?: number; error: string; retryAt: number | null };

export type WatchCreateResult =
  | { kind: 'created'; watch: StoredWatch; secret: string; answer?: StoredAnswer }
  | { kind: 'replayed'; answer: StoredAnswer };

/** A new signing secret: `whsec_` and 32 random bytes in base64 (the HMAC key is the decoded bytes). */
export function newWatchSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const instantOrNull = (ms: number | null) => (ms === null ? null : toInstant(Number(ms)));

function watchFromRow(row: WatchesTable): StoredWatch {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    createdBy: row.created_by,
    query: JSON.parse(row.query) as WatchQuery,
    callbackUrl: row.callback_url,
    version: Number(row.version),
    fingerprint: row.fingerprint,
    answer: JSON.parse(row.answer) as unknown,
    evaluatedStateVersion: Number(row.evaluated_state_version),
    evaluatedAt: toInstant(Number(row.evaluated_at)),
    createdAt: toInstant(Number(row.created_at)),
  };
}

function deliveryFromRow(row: WatchDeliveriesTable): StoredDelivery {
  return {
    id: row.id,
    watchId: row.watch_id,
    status: row.status as DeliveryStatus,
    stateVersion: Number(row.state_version),
    attempts: Number(row.attempts),
    nextAttemptAt: row.status === 'pending' ? instantOrNull(row.next_attempt_at) : null,
    lastAttemptAt: instantOrNull(row.last_attempt_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    createdAt: toInstant(Number(row.created_at)),
    deliveredAt: instantOrNull(row.delivered_at),
  };
}

function notFound(id: string): StateError {
  return new StateError('NOT_FOUND', `No watch has id "${id}"`, { parameter: 'id', value: id });
}

export class WatchStore {
  constructor(
    private readonly db: Kysely<StateDatabase>,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  private async transaction<T>(work: (trx: Transaction<StateDatabase>) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute(work);
    } catch (error) {
      throw storeError(error);
    }
  }

  /**
   * Creates a watch with a new secret (returned here, once). With an Idempotency-Key, the answer built by
   * `answer` is stored in the same transaction and a retry of the same request gets it and creates nothing.
   */
  async create(
    input: NewWatch,
    options: {
      idempotency?: IdempotencyRequest;
      answer?: (watch: StoredWatch, secret: string) => StoredAnswer;
      now?: number;
    } = {},
  ): Promise<WatchCreateResult> {
    const { idempotency, answer } = options;
    if (idempotency) {
      const stored = await storedAnswer(this.db, idempotency, 'watch');
      if (stored) return { kind: 'replayed', answer: stored };
    }
    const now = options.now ?? Date.now();
    const secret = newWatchSecret();
    const row: WatchesTable = {
      id: randomUUID(),
      api_key_id: input.apiKeyId,
      created_by: input.createdBy,
      query: JSON.stringify(input.query),
      callback_url: input.callbackUrl,
      secret,
      version: 1,
      fingerprint: input.fingerprint,
      answer: JSON.stringify(input.answer),
      evaluated_state_version: input.stateVersion,
      evaluated_at: input.evaluatedAt ?? now,
      created_at: now,
      deleted_at: null,
    };
    const watch = watchFromRow(row);
    try {
      return await this.transaction(async (trx) => {
        await trx.insertInto('watches').values(row).execute();
        const given = answer?.(watch, secret);
        if (idempotency && given) await saveAnswer(trx, idempotency, given, now);
        return { kind: 'created' as const, watch, secret, ...(given ? { answer: given } : {}) };
      });
    } catch (error) {
      if (idempotency && isUniqueViolation(error)) {
        const stored = await storedAnswer(this.db, idempotency, 'watch');
        if (stored) return { kind: 'replayed', answer: stored };
      }
      throw storeError(error);
    }
  }

  /** A watch not deleted; with `apiKeyId`, only one that key created (NOT_FOUND otherwise). */
  async get(id: string, apiKeyId?: string): Promise<StoredWatch> {
    try {
      let query = this.db
        .selectFrom('watches')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null);
      if (apiKeyId !== undefined) query = query.where('api_key_id', '=', apiKeyId);
      const row = await query.executeTakeFirst();
      if (!row) throw notFound(id);
      return watchFromRow(row);
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Watches not deleted, oldest first; with `apiKeyId`, only that key's. */
  async list(apiKeyId?: string): Promise<StoredWatch[]> {
    try {
      let query = this.db.selectFrom('watches').selectAll().where('deleted_at', 'is', null);
      if (apiKeyId !== undefined) query = query.where('api_key_id', '=', apiKeyId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(watchFromRow);
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Deletes a watch: it is no longer evaluated, and its pending deliveries are cancelled. */
  async remove(id: string, apiKeyId?: string, now = Date.now()): Promise<void> {
    await this.transaction(async (trx) => {
      let query = trx
        .updateTable('watches')
        .set({ deleted_at: now })
        .where('id', '=', id)
        .where('deleted_at', 'is', null);
      if (apiKeyId !== undefined) query = query.where('api_key_id', '=', apiKeyId);
      const result = await query.executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw notFound(id);
      await trx
        .updateTable('watch_deliveries')
        .set({ status: 'cancelled', next_attempt_at: null, lease_until: null })
        .where('watch_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    });
  }

  /**
   * Records the answer a watch has under `stateVersion`, planned for the instant `plannedAt` (default `now`).
   * If the watch was evaluated under a later version, or under the same version for a later instant (an
   * evaluation that started before a disruption came into force and commits after one that started after),
   * or is deleted, nothing changes. If the fingerprint is the same, only the evaluation is recorded.
   * Otherwise the answer is replaced, the version incremented, and a delivery queued (due at `now`) with the
   * body `payload` makes from its id and the previous answer; its id is returned.
   */
  async recordAnswer(
    id: string,
    next: {
      fingerprint: string;
      answer: unknown;
      stateVersion: number;
      plannedAt?: number;
      payload: (deliveryId: string, previous: unknown, watch: StoredWatch) => string;
    },
    now = Date.now(),
  ): Promise<string | undefined> {
    const plannedAt = next.plannedAt ?? now;
    return this.transaction(async (trx) => {
      const row = await trx
        .selectFrom('watches')
        .selectAll()
        .where('id', '=', id)
        .$if(this.engine === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      if (!row || row.deleted_at !== null) return undefined;
      const recordedVersion = Number(row.evaluated_state_version);
      if (recordedVersion > next.stateVersion) return undefined;
      if (recordedVersion === next.stateVersion && Number(row.evaluated_at) > plannedAt) return undefined;
      if (row.fingerprint === next.fingerprint) {
        await trx
          .updateTable('watches')
          .set({ evaluated_state_version: next.stateVersion, evaluated_at: plannedAt })
          .where('id', '=', id)
          .execute();
        return undefined;
      }
      const deliveryId = randomUUID();
      const payload = next.payload(deliveryId, JSON.parse(row.answer) as unknown, watchFromRow(row));
      await trx
        .updateTable('watches')
        .set({
          fingerprint: next.fingerprint,
          answer: JSON.stringify(next.answer),
          version: Number(row.version) + 1,
          evaluated_state_version: next.stateVersion,
          evaluated_at: plannedAt,
        })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('watch_deliveries')
        .values({
          id: deliveryId,
          watch_id: id,
          status: 'pending',
          payload,
          state_version: next.stateVersion,
          attempts: 0,
          next_attempt_at: now,
          lease_until: null,
          last_attempt_at: null,
          last_status: null,
          last_error: null,
          created_at: now,
          delivered_at: null,
        })
        .execute();
      return deliveryId;
    });
  }

  /**
   * Records, in one transaction, that watches were evaluated and kept the answer recorded (`fingerprint`),
   * each under its state version and instant, with the same rule as recordAnswer: never over a later
   * evaluation. One commit for a round in which most watches did not change, instead of one per watch. The
   * ids not recorded (deleted, evaluated later, or whose recorded answer is no longer `fingerprint`) are
   * returned: recordAnswer decides for those.
   */
  async recordEvaluations(
    evaluations: readonly { id: string; fingerprint: string; stateVersion: number; plannedAt: number }[],
  ): Promise<string[]> {
    if (evaluations.length === 0) return [];
    return this.transaction(async (trx) => {
      const missed: string[] = [];
      for (const e of evaluations) {
        const result = await trx
          .updateTable('watches')
          .set({ evaluated_state_version: e.stateVersion, evaluated_at: e.plannedAt })
          .where('id', '=', e.id)
          .where('deleted_at', 'is', null)
          .where('fingerprint', '=', e.fingerprint)
          .where((eb) =>
            eb.or([
              eb('evaluated_state_version', '<', e.stateVersion),
              eb.and([
                eb('evaluated_state_version', '=', e.stateVersion),
                eb('evaluated_at', '<=', e.plannedAt),
              ]),
            ]),
          )
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) missed.push(e.id);
      }
      return missed;
    });
  }

  /** A watch's deliveries, newest first. */
  async deliveries(watchId: string, limit = 100): Promise<StoredDelivery[]> {
    try {
      const rows = await this.db
        .selectFrom('watch_deliveries')
        .selectAll()
        .where('watch_id', '=', watchId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(deliveryFromRow);
    } catch (error) {
      throw storeError(error);
    }
  }

  /** One delivery (for tests and operators). */
  async delivery(id: string): Promise<StoredDelivery | undefined> {
    try {
      const row = await this.db
        .selectFrom('watch_deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? deliveryFromRow(row) : undefined;
    } catch (error) {
      throw storeError(error);
    }
  }

  /**
   * Claims up to `limit` pending deliveries due at `now` whose lease (if any) ran out, leasing them for
   * `leaseMs`: no other sender claims them meanwhile. Oldest due first.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<DueDelivery[]> {
    return this.transaction(async (trx) => {
      const rows = await trx
        .selectFrom('watch_deliveries')
        .select(['id', 'watch_id', 'payload', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .$if(this.engine === 'postgres', (q) => q.forUpdate().skipLocked())
        .execute();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await trx
        .updateTable('watch_deliveries')
        .set({ lease_until: now + leaseMs })
        .where('id', 'in', ids)
        .execute();
      const watches = await trx
        .selectFrom('watches')
        .select(['id', 'callback_url', 'secret'])
        .where(
          'id',
          'in',
          rows.map((r) => r.watch_id),
        )
        .execute();
      const byId = new Map(watches.map((w) => [w.id, w]));
      return rows.flatMap((r) => {
        const watch = byId.get(r.watch_id);
        return watch
          ? [
              {
                id: r.id,
                watchId: r.watch_id,
                payload: r.payload,
                attempts: Number(r.attempts),
                callbackUrl: watch.callback_url,
                secret: watch.secret,
              },
            ]
          : [];
      });
    });
  }

  /** Records one attempt of a claimed delivery and releases its lease. */
  async recordAttempt(id: string, outcome: AttemptOutcome, now = Date.now()): Promise<void> {
    await this.transaction(async (trx) => {
      const row = await trx
        .selectFrom('watch_deliveries')
        .select(['attempts', 'status'])
        .where('id', '=', id)
        .$if(this.engine === 'postgres', (q) => q.forUpdate())
        .executeTakeFirst();
      // A delivery cancelled meanwhile (its watch deleted) stays cancelled; the attempt is still counted.
      if (!row) return;
      const pending = row.status === 'pending';
      await trx
        .updateTable('watch_deliveries')
        .set({
          attempts: Number(row.attempts) + 1,
          last_attempt_at: now,
          last_status: outcome.status ?? null,
          last_error: outcome.delivered ? null : outcome.error.slice(0, 500),
          lease_until: null,
          ...(pending
            ? outcome.delivered
              ? { status: 'delivered', delivered_at: now, next_attempt_at: null }
              : outcome.retryAt === null
                ? { status: 'failed', next_attempt_at: null }
                : { next_attempt_at: outcome.retryAt }
            : {}),
        })
        .where('id', '=', id)
        .execute();
    });
  }

  /** When the next pending delivery is due (epoch ms), if any: the sender sleeps until then. */
  async nextDue(): Promise<number | undefined> {
    try {
      const row = await this.db
        .selectFrom('watch_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('next'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
    } catch (error) {
      throw storeError(error);
    }
  }
}
