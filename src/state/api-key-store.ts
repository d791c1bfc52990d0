/**
 * API keys: created and revoked by operators (the CLI), checked on every write. A key is
 * `efr_<id>_<secret>` with a 256-bit random secret; only its SHA-256 is stored, and a presented key is
 * compared with it in constant time. The id in the key finds the row without searching by secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { toInstant } from './disruption-record.js';
import { StateError } from './state-errors.js';
import type { StateDatabase } from './state-tables.js';
import { storeError } from './write-transaction.js';

/** Scopes a key can carry. */
export const API_KEY_SCOPES = ['disruptions:write', 'watches:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const KEY_PATTERN = /^efr_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** A key as operators see it (never the key itself). */
export interface ApiKeyInfo {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** The key a request presented, once verified. */
export interface VerifiedKey {
  id: string;
  name: string;
  scopes: readonly string[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class ApiKeyStore {
  constructor(private readonly db: Kysely<StateDatabase>) {}

  /** Creates a key; the returned `key` is shown once and cannot be recovered. */
  async create(
    name: string,
    scopes: readonly string[],
    now = Date.now(),
  ): Promise<ApiKeyInfo & { key: string }> {
    const label = name.trim();
    if (label === '' || label.length > 100) {
      throw new StateError('INVALID_BODY', 'a key needs a name of 1 to 100 characters', {
        parameter: 'name',
        value: name,
      });
    }
    for (const scope of scopes) {
      if (!(API_KEY_SCOPES as readonly string[]).includes(scope)) {
        throw new StateError(
          'INVALID_BODY',
          `unknown scope "${scope}" (known: ${API_KEY_SCOPES.join(', ')})`,
          {
            parameter: 'scope',
            value: scope,
          },
        );
      }
    }
    const id = randomBytes(8).toString('hex');
    const key = `efr_${id}_${randomBytes(32).toString('base64url')}`;
    try {
      await this.db
        .insertInto('api_keys')
        .values({
          id,
          name: label,
          scopes: [...new Set(scopes)].join(' '),
          key_hash: sha256(key).toString('hex'),
          created_at: now,
          revoked_at: null,
        })
        .execute();
    } catch (error) {
      throw storeError(error);
    }
    return { id, key, name: label, scopes: [...new Set(scopes)], createdAt: toInstant(now), revokedAt: null };
  }

  async list(): Promise<ApiKeyInfo[]> {
    try {
      const rows = await this.db
        .selectFrom('api_keys')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        scopes: r.scopes.split(' ').filter(Boolean),
        createdAt: toInstant(Number(r.created_at)),
        revokedAt: r.revoked_at === null ? null : toInstant(Number(r.revoked_at)),
      }));
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Revokes every live key with this id or name; returns how many were revoked. */
  async revoke(idOrName: string, now = Date.now()): Promise<number> {
    try {
      const result = await this.db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    } catch (error) {
      throw storeError(error);
    }
  }

  /** The live key this text is, or undefined (malformed, unknown, revoked, or a wrong secret). */
  async verify(presented: string): Promise<VerifiedKey | undefined> {
    const match = KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    let row:
      | { id: string; name: string; scopes: string; key_hash: string; revoked_at: number | null }
      | undefined;
    try {
      row = await this.db
        .selectFrom('api_keys')
        .select(['id', 'name', 'scopes', 'key_hash', 'revoked_at'])
        .where('id', '=', match[1] as string)
        .executeTakeFirst();
    } catch (error) {
      throw storeError(error);
    }
    if (row === undefined || row.revoked_at !== null) return undefined;
    const stored = Buffer.from(row.key_hash, 'hex');
    const given = sha256(presented);
    if (stored.length !== given.length || !timingSafeEqual(stored, given)) return undefined;
    return { id: row.id, name: row.name, scopes: row.scopes.split(' ').filter(Boolean) };
  }
}
