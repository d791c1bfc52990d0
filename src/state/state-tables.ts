/**
 * The tables of the live-state store as Kysely sees them. Instants are epoch milliseconds (bigint), so that
 * both engines compare them as numbers and `activeAt` filters use an index; ids and texts are text.
 */
/** A bigint column: PostgreSQL's int8 is parsed to a JS number (see open-database.ts), SQLite's is one. */
type Millis = number;

export interface StateVersionTable {
  id: number;
  /** Incremented in the same transaction as every change; mirrors compare it to know when to reload. */
  version: Millis;
}

export interface DisruptionsTable {
  id: string;
  version: number;
  target_kind: string;
  target_id: string;
  effect: string;
  extra_hours: number | null;
  starts_at: Millis;
  ends_at: Millis | null;
  reason: string;
  source: string;
  created_at: Millis;
  updated_at: Millis;
  created_by: string;
  updated_by: string;
}

export interface DisruptionHistoryTable {
  disruption_id: string;
  version: number;
  /** `created`, `updated` or `ended`. */
  change: string;
  changed_at: Millis;
  changed_by: string;
  /** The whole disruption as it was at this version (JSON). */
  record: string;
  state_version: Millis;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** Space-separated scopes, e.g. `disruptions:write`. */
  scopes: string;
  /** SHA-256 (hex) of the whole key; the key itself is never stored. */
  key_hash: string;
  created_at: Millis;
  revoked_at: Millis | null;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  idempotency_key: string;
  /** SHA-256 of the request (method, path and canonical body): another body under the same key is refused. */
  request_hash: string;
  status: number;
  /** The answer given the first time: body and headers (JSON). */
  response: string;
  created_at: Millis;
}

export interface StateDatabase {
  state_version: StateVersionTable;
  disruptions: DisruptionsTable;
  disruption_history: DisruptionHistoryTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
}
