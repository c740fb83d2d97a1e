import type { Config } from '../config/schema.js';
import { openStore, type Store } from '../store/database.js';

/** Runs `body` with a store of its own on the configured database (restores and checks are rare: no pool to share). */
export async function withSiteStore<T>(config: Config, body: (store: Store) => Promise<T>): Promise<T> {
  const { url, busyTimeoutMs, synchronous } = config.database;
  const store = await openStore({ url, poolSize: 2, busyTimeoutMs, synchronous });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}
