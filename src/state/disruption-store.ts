/**
 * Disruptions in the store: create (with Idempotency-Key replay), update against an expected version, end,
 * read, list with filters, and the history of every version. Each change is one transaction that also writes
 * the history row and increments the state version (write-transaction.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  DisruptionEffect,
  DisruptionInput,
  DisruptionStatus,
  DisruptionTargetKind,
} from '../domain/index.js';
import { fromRow, type StoredDisruption, toInstant } from './disruption-record.js';
import {
  type IdempotencyRequest,
  isUniqueViolation,
  type StoredAnswer,
  saveAnswer,
  storedAnswer,
} from './idempotency.js';
import { StateError } from './state-errors.js';
import type { DisruptionsTable, StateDatabase } from './state-tables.js';
import { storeError, unchanged, type WriteContext, writeTransaction } from './write-transaction.js';

/** Who makes a change: an API key's name, or the CLI's operator. */
export interface Actor {
  readonly name: string;
}

export type { IdempotencyRequest, StoredAnswer } from './idempotency.js';
export { IDEMPOTENCY_RETENTION_MS } from './idempotency.js';

export type CreateResult =
  | { kind: 'created'; record: StoredDisruption; answer?: StoredAnswer }
  | { kind: 'replayed'; answer: StoredAnswer };

export interface DisruptionFilter {
  /** Only those active at this instant (epoch ms). */
  activeAt?: number;
  /** Only those with one of these statuses at `now`. */
  status?: readonly DisruptionStatus[];
  targetKind?: DisruptionTargetKind;
  targetId?: string;
  effect?: DisruptionEffect;
  limit?: number;
  offset?: number;
}

export interface HistoryEntry {
  version: number;
  change: 'created' | 'updated' | 'ended';
  changedAt: string;
  changedBy: string;
  disruption: StoredDisruption;
}

const DEFAULT_LIST_LIMIT = 100;

function toColumns(input: DisruptionInput) {
  return {
    target_kind: input.target.kind,
    target_id: input.target.id,
    effect: input.effect,
    extra_hours: input.extraHours ?? null,
    starts_at: Date.parse(input.startsAt),
    ends_at: input.endsAt === null ? null : Date.parse(input.endsAt),
    reason: input.reason,
    source: input.source,
  };
}

export class DisruptionStore {
  constructor(
    private readonly db: Kysely<StateDatabase>,
    private readonly engine: 'sqlite' | 'postgres',
    private readonly afterCommit: () => Promise<void>,
  ) {}

  private async write<T>(change: (context: WriteContext) => Promise<T>): Promise<T> {
    const { value, changed } = await writeTransaction(this.db, this.engine, change);
    if (changed) await this.afterCommit();
    return value;
  }

  private async recordHistory(
    context: WriteContext,
    record: StoredDisruption,
    change: HistoryEntry['change'],
    at: number,
    by: string,
  ) {
    await context.trx
      .insertInto('disruption_history')
      .values({
        disruption_id: record.id,
        version: record.version,
        change,
        changed_at: at,
        changed_by: by,
        record: JSON.stringify(record),
        state_version: context.stateVersion,
      })
      .execute();
  }

  /** A disruption's row, read inside a change; NOT_FOUND when no disruption has this id. */
  private async rowFor(context: WriteContext, id: string): Promise<DisruptionsTable> {
    const row = await context.trx
      .selectFrom('disruptions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound(id);
    return row as DisruptionsTable;
  }

  /** Writes the next version of a disruption with its history row; the record as it now stands. */
  private async saveVersion(
    context: WriteContext,
    next: DisruptionsTable,
    change: HistoryEntry['change'],
    at: number,
    by: string,
  ): Promise<StoredDisruption> {
    await context.trx.updateTable('disruptions').set(next).where('id', '=', next.id).execute();
    const record = fromRow(next);
    await this.recordHistory(context, record, change, at, by);
    return record;
  }

  private async find(id: string): Promise<StoredDisruption | undefined> {
    try {
      const row = await this.db.selectFrom('disruptions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    } catch (error) {
      throw storeError(error);
    }
  }

  private storedAnswer(request: IdempotencyRequest): Promise<StoredAnswer | undefined> {
    return storedAnswer(this.db, request, 'disruption');
  }

  /**
   * Creates a disruption. With an Idempotency-Key, the answer (built by `answer` from the new record, in the
   * same transaction) is stored with it, and a retry of the same request gets that answer and creates nothing.
   */
  async create(
    input: DisruptionInput,
    actor: Actor,
    options: {
      idempotency?: IdempotencyRequest;
      answer?: (record: StoredDisruption) => StoredAnswer;
      now?: number;
    } = {},
  ): Promise<CreateResult> {
    const { idempotency, answer } = options;
    if (idempotency) {
      const stored = await this.storedAnswer(idempotency);
      if (stored) return { kind: 'replayed', answer: stored };
    }
    try {
      return await this.write(async (context) => {
        const now = options.now ?? Date.now();
        const id = randomUUID();
        const row: DisruptionsTable = {
          id,
          version: 1,
          ...toColumns(input),
          created_at: now,
          updated_at: now,
          created_by: actor.name,
          updated_by: actor.name,
        };
        await context.trx.insertInto('disruptions').values(row).execute();
        const record = fromRow(row);
        await this.recordHistory(context, record, 'created', now, actor.name);
        const given = answer?.(record);
        if (idempotency && given) await saveAnswer(context.trx, idempotency, given, now);
        return { kind: 'created' as const, record, ...(given ? { answer: given } : {}) };
      });
    } catch (error) {
      // The same key sent twice at once: the other request committed first; answer as it was answered.
      if (idempotency && isUniqueViolation(error)) {
        const stored = await this.storedAnswer(idempotency);
        if (stored) return { kind: 'replayed', answer: stored };
      }
      throw storeError(error);
    }
  }

  /**
   * Replaces the writable fields with what `apply` makes of the current record, if the record is still at
   * `expectedVersion` (else PRECONDITION_FAILED; `*`: whatever version it is at). `apply` may throw (a
   * validation error): nothing changes.
   */
  async update(
    id: string,
    expectedVersion: number | '*',
    apply: (current: StoredDisruption) => DisruptionInput,
    actor: Actor,
    now = Date.now(),
  ): Promise<StoredDisruption> {
    return this.write(async (context) => {
      const row = await this.rowFor(context, id);
      const current = fromRow(row);
      if (expectedVersion !== '*' && !Number.isNaN(expectedVersion) && current.version !== expectedVersion) {
        throw new StateError(
          'PRECONDITION_FAILED',
          `Disruption ${id} is at version ${current.version}, not ${expectedVersion} (If-Match): read it again and reapply the change`,
          { parameter: 'If-Match', value: `"${expectedVersion}"` },
        );
      }
      const columns = toColumns(apply(current));
      const before = row;
      // Numbers may come back from a driver as another numeric type; compare them as numbers.
      const same = (Object.keys(columns) as (keyof typeof columns)[]).every((k) => {
        const a = columns[k];
        const b = before[k];
        return a === b || (typeof a === 'number' && b !== null && Number(b) === a);
      });
      if (same) return unchanged(current);
      const next: DisruptionsTable = {
        ...row,
        ...columns,
        version: current.version + 1,
        updated_at: now,
        updated_by: actor.name,
      };
      return this.saveVersion(context, next, 'updated', now, actor.name);
    });
  }

  /**
   * Ends a disruption now: one that is open or ends later gets endsAt = now (one not yet started is cancelled:
   * it starts and ends now). One already ended is returned unchanged. Nothing is erased. With
   * `expectedVersion` (If-Match), only if it is still at that version (else PRECONDITION_FAILED).
   */
  async end(
    id: string,
    actor: Actor,
    now = Date.now(),
    expectedVersion?: number | '*',
  ): Promise<StoredDisruption> {
    return this.write(async (context) => {
      const current = await this.rowFor(context, id);
      if (
        expectedVersion !== undefined &&
        expectedVersion !== '*' &&
        Number(current.version) !== expectedVersion
      ) {
        throw new StateError(
          'PRECONDITION_FAILED',
          Number.isNaN(expectedVersion)
            ? `If-Match is not an ETag of this resource (its ETag is "${Number(current.version)}")`
            : `Disruption ${id} is at version ${Number(current.version)}, not ${expectedVersion} (If-Match): read it again before ending it`,
          {
            parameter: 'If-Match',
            value: Number.isNaN(expectedVersion) ? 'unparsable' : `"${expectedVersion}"`,
          },
        );
      }
      if (current.ends_at !== null && Number(current.ends_at) <= now) return unchanged(fromRow(current));
      const next: DisruptionsTable = {
        ...current,
        starts_at: Math.min(Number(current.starts_at), now),
        ends_at: now,
        version: Number(current.version) + 1,
        updated_at: now,
        updated_by: actor.name,
      };
      return this.saveVersion(context, next, 'ended', now, actor.name);
    });
  }

  /** One disruption; NOT_FOUND when no disruption has this id. */
  async get(id: string): Promise<StoredDisruption> {
    const found = await this.find(id);
    if (!found) throw notFound(id);
    return found;
  }

  /** Disruptions matching a filter, latest start first, and how many match in all. */
  async list(
    filter: DisruptionFilter = {},
    now = Date.now(),
  ): Promise<{ disruptions: StoredDisruption[]; total: number }> {
    try {
      let query = this.db.selectFrom('disruptions');
      if (filter.targetKind) query = query.where('target_kind', '=', filter.targetKind);
      if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
      if (filter.effect) query = query.where('effect', '=', filter.effect);
      if (filter.activeAt !== undefined) {
        const t = filter.activeAt;
        query = query
          .where('starts_at', '<=', t)
          .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', t)]));
      }
      if (filter.status && filter.status.length > 0) {
        const wanted = new Set(filter.status);
        query = query.where((eb) =>
          eb.or([
            ...(wanted.has('scheduled') ? [eb('starts_at', '>', now)] : []),
            ...(wanted.has('active')
              ? [
                  eb.and([
                    eb('starts_at', '<=', now),
                    eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]),
                  ]),
                ]
              : []),
            ...(wanted.has('ended')
              ? [eb.and([eb('ends_at', 'is not', null), eb('ends_at', '<=', now)])]
              : []),
          ]),
        );
      }
      const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await query
        .selectAll()
        .orderBy('starts_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? DEFAULT_LIST_LIMIT)
        .offset(filter.offset ?? 0)
        .execute();
      return { disruptions: rows.map((r) => fromRow(r)), total: Number(counted.n) };
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Every version of a disruption, oldest first, with who changed it and when. */
  async history(id: string): Promise<HistoryEntry[]> {
    try {
      const rows = await this.db
        .selectFrom('disruption_history')
        .selectAll()
        .where('disruption_id', '=', id)
        .orderBy('version')
        .execute();
      if (rows.length === 0) throw notFound(id);
      return rows.map((r) => ({
        version: Number(r.version),
        change: r.change as HistoryEntry['change'],
        changedAt: toInstant(Number(r.changed_at)),
        changedBy: r.changed_by,
        disruption: JSON.parse(r.record) as StoredDisruption,
      }));
    } catch (error) {
      throw storeError(error);
    }
  }
}

function notFound(id: string): StateError {
  return new StateError('NOT_FOUND', `No disruption has id "${id}"`, { parameter: 'id', value: id });
}
