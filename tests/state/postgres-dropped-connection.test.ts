/**
 * A PostgreSQL connection that the server drops while the store holds it (checked out of the pool between two
 * queries of one unit of work, as a transaction or a row lock holds it) must fail that unit of work only: the
 * pool lets go of an error listener when it lends a connection, and an 'error' event without a listener is an
 * uncaught exception that ends the process. Here the server terminates the held connection's backend; the
 * process must see no uncaught error, the held connection's next query must reject, and the store must go on
 * answering on a fresh connection.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveMirror, openStateStore } from '../../src/state/index.js';
import { openDatabase } from '../../src/state/open-database.js';
import { startTestPostgres, type TestPostgres } from '../helpers/test-postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('PostgreSQL: a held connection dropped by the server', () => {
  it('fails only the work that held it; no uncaught error, and the next query runs on a new connection', async () => {
    const { db } = openDatabase({ engine: 'postgres', url: server.url });
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const outcome = await db.connection().execute(async (held) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(held);
        const pid = Number(rows[0]?.pid);
        // Another pooled connection asks the server to end the held one's backend.
        await sql`select pg_terminate_backend(${pid})`.execute(db);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return sql`select 1 as one`.execute(held).then(
          () => 'answered',
          (error: Error) => `rejected: ${error.message}`,
        );
      });
      expect(outcome).toMatch(/^rejected: /);
      expect(uncaught).toEqual([]);
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      expect(Number(rows[0]?.one)).toBe(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await db.destroy();
    }
  }, 60_000);
});

describe('PostgreSQL: the mirror after the server was down', () => {
  it('calls its reconnect listeners once when the store can be read again, not at start nor while down', async () => {
    if (!server.pause || !server.resume) return expect(process.env.TEST_DATABASE_URL).toBeDefined();
    const store = await openStateStore({ engine: 'postgres', url: server.url });
    const mirror = await new LiveMirror(store, { pollMs: 50 }).start();
    let reconnects = 0;
    const stop = mirror.onReconnect(() => {
      reconnects++;
    });
    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(reconnects).toBe(0);
      await server.pause();
      try {
        await until(() => !mirror.health().reachable, 'the mirror to see the store down');
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(reconnects).toBe(0);
      } finally {
        await server.resume();
      }
      await until(() => reconnects > 0, 'a reconnect');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(reconnects).toBe(1);
      expect(mirror.health().reachable).toBe(true);
    } finally {
      stop();
      await mirror.close();
      await store.close();
    }
  }, 90_000);
});
