/**
 * The engines a store suite runs on: SQLite (a file in a fresh temporary directory) and PostgreSQL (a real
 * server from test-postgres.ts). Each sets up an empty store location and removes it afterwards; opening the
 * store is left to the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreLocation } from '../../src/state/index.js';
import { startTestPostgres, type TestPostgres } from './test-postgres.js';

export interface StoreEngine {
  name: 'SQLite' | 'PostgreSQL';
  /** A location no store has used yet. */
  setUp(): Promise<StoreLocation>;
  tearDown(): Promise<void>;
  /** The PostgreSQL server once set up (to stop and restart it); undefined on SQLite. */
  server(): TestPostgres | undefined;
}

/**
 * Both engines. `sqliteFile` is the file's path below the temporary directory (a path with folders checks that
 * the store creates them); `prefix` names the temporary directory.
 */
export function storeEngines(prefix: string, sqliteFile = 'state.sqlite'): StoreEngine[] {
  let tmp: string | undefined;
  let postgres: TestPostgres | undefined;
  return [
    {
      name: 'SQLite',
      async setUp() {
        tmp = mkdtempSync(join(tmpdir(), prefix));
        return { engine: 'sqlite', path: join(tmp, sqliteFile) };
      },
      async tearDown() {
        if (tmp) rmSync(tmp, { recursive: true, force: true });
      },
      server: () => undefined,
    },
    {
      name: 'PostgreSQL',
      async setUp() {
        postgres = await startTestPostgres();
        return { engine: 'postgres', url: postgres.url };
      },
      async tearDown() {
        await postgres?.stop();
      },
      server: () => postgres,
    },
  ];
}
