/**
 * The engines a store suite runs on: SQLite (a file in a fresh temporary directory) and PostgreSQL (a real
 * server from test-postgres.ts). Each sets up an empty store location and removes it afterwards; a suite opens
 * two independent stores on it (two replicas, or a replica and the CLI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore, type StoreLocation } from '../../src/state/index.js';
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

/** Sets up the engine's location and opens two independent stores on it. */
export async function openTwoStores(engine: StoreEngine): Promise<[StoreLocation, StateStore, StateStore]> {
  const location = await engine.setUp();
  const store = await openStateStore(location);
  return [location, store, await openStateStore(location)];
}

/** Closes the stores a suite opened, then removes the engine's location. */
export async function closeStores(engine: StoreEngine, ...stores: (StateStore | undefined)[]): Promise<void> {
  for (const store of stores) await store?.close();
  await engine.tearDown();
}
