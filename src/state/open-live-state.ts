/**
 * Opens the store and its mirror together, as the server needs them: the store for reads and writes, the
 * mirror as the LiveStateSource that routing reads.
 */
import type { StoreLocation } from './database-url.js';
import { LiveMirror, type LiveMirrorOptions } from './live-mirror.js';
import type { OpenDatabaseOptions } from './open-database.js';
import { openStateStore, type StateStore } from './state-store.js';

export interface LiveStateHandle {
  store: StateStore;
  mirror: LiveMirror;
  close(): Promise<void>;
}

/** Opens (and migrates) the store at a location and starts a mirror of it. */
export async function openLiveState(
  location: StoreLocation,
  options: { database?: OpenDatabaseOptions; mirror?: LiveMirrorOptions } = {},
): Promise<LiveStateHandle> {
  const store = await openStateStore(location, options.database);
  try {
    const mirror = await new LiveMirror(store, options.mirror).start();
    return {
      store,
      mirror,
      async close() {
        await mirror.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
