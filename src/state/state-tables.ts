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

export interface WatchesTable {
  id: string;
  /** The API key that created the watch: only it reads, lists and deletes it. */
  api_key_id: string;
  created_by: string;
  /** The route query as validated (JSON): parameter → value or values, as GET /routes reads them. */
  query: string;
  callback_url: string;
  /** The signing secret (`whsec_…`), kept to sign each delivery; shown to the client once, at creation. */
  secret: string;
  /** Starts at 1; incremented each time the watch's answer changes. */
  version: number;
  /** What the answer is compared by (watch-fingerprint in src/watches/). */
  fingerprint: string;
  /** The last answer's summary (JSON), sent as `previous` in the next delivery. */
  answer: string;
  /** The state version the answer was computed under; an evaluation under an older one changes nothing. */
  evaluated_state_version: Millis;
  evaluated_at: Millis;
  created_at: Millis;
  /** Deleted watches are kept (their deliveries stay readable to the store) but no longer evaluated. */
  deleted_at: Millis | null;
}

export interface WatchDeliveriesTable {
  /** Sent as Webhook-Id: the same on every attempt, so that receivers can drop duplicates. */
  id: string;
  watch_id: string;
  /** `pending`, `delivered`, `failed` (attempts used up) or `cancelled` (watch deleted). */
  status: string;
  /** The JSON body, fixed when the delivery is queued: every attempt sends the same bytes. */
  payload: string;
  state_version: Millis;
  attempts: number;
  next_attempt_at: Millis | null;
  /** While a sender holds the delivery (claimed, being sent), no other sender claims it. */
  lease_until: Millis | null;
  last_attempt_at: Millis | null;
  /** HTTP status of the last attempt's answer, when there was one. */
  last_status: number | null;
  last_error: string | null;
  created_at: Millis;
  delivered_at: Millis | null;
}

export interface StateDatabase {
  state_version: StateVersionTable;
  disruptions: DisruptionsTable;
  disruption_history: DisruptionHistoryTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  watches: WatchesTable;
  watch_deliveries: WatchDeliveriesTable;
}
