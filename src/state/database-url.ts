/**
 * Where the live state is stored, as DATABASE_URL says: unset = the SQLite file ./var/state.sqlite,
 * `sqlite:PATH` = another SQLite file, `postgres://…` (or `postgresql://…`) = a PostgreSQL server. One reader
 * for the server and the CLI, so that both always open the same store.
 */
import { z } from 'zod';

/** The SQLite file used when DATABASE_URL is unset (relative to the working directory). */
export const DEFAULT_SQLITE_PATH = './var/state.sqlite';

export type StoreLocation =
  | { readonly engine: 'sqlite'; readonly path: string }
  | { readonly engine: 'postgres'; readonly url: string };

/** DATABASE_URL as a zod schema: validated at start, an unusable value names what is wrong. */
export const DatabaseUrlSchema = z
  .string()
  .optional()
  .transform((text, ctx): StoreLocation => {
    const value = text?.trim() ?? '';
    if (value === '') return { engine: 'sqlite', path: DEFAULT_SQLITE_PATH };
    if (value.startsWith('sqlite:')) {
      // sqlite:PATH, sqlite://PATH (relative) and sqlite:///abs/path all name a file.
      let path = value.slice('sqlite:'.length);
      if (path.startsWith('//')) path = path.slice(2);
      if (path === '' || path === ':memory:') {
        ctx.addIssue({
          code: 'custom',
          message:
            'sqlite: needs a file path (sqlite:./var/state.sqlite); an in-memory store would lose writes',
        });
        return z.NEVER;
      }
      return { engine: 'sqlite', path };
    }
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        const url = new URL(value);
        if (url.hostname === '' && !url.searchParams.has('host')) throw new Error('no host');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'is not a valid postgres:// URL (postgres://user:password@host:5432/db)',
        });
        return z.NEVER;
      }
      return { engine: 'postgres', url: value };
    }
    ctx.addIssue({
      code: 'custom',
      message:
        'must be unset (SQLite in ./var/state.sqlite), sqlite:PATH or postgres://user:password@host/db',
    });
    return z.NEVER;
  });

/** A location for messages and /health, without the password. */
export function describeStoreLocation(location: StoreLocation): string {
  if (location.engine === 'sqlite') return `sqlite:${location.path}`;
  const url = new URL(location.url);
  if (url.password !== '') url.password = '***';
  return url.toString();
}
