import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteEngine } from '../../../test/support/engines.js';
import { startTestServer } from '../../../test/support/server.js';
import { openStore, type Store } from '../database.js';

const synchronousOf = async (store: Store) =>
  (await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db)).rows[0]?.synchronous;

describe('SQLite synchronous setting', () => {
  it('is NORMAL (1) by default, as a store opens it', async () => {
    const store = await openStore({ url: await sqliteEngine.freshUrl() });
    expect(await synchronousOf(store)).toBe(1);
    await store.close();
  });

  it.each([
    ['normal', 1],
    ['full', 2],
  ] as const)('is what database.synchronous = %s asks, through the server: %d', async (synchronous, pragma) => {
    const server = await startTestServer(sqliteEngine, { database: { synchronous } });
    expect(await synchronousOf(server.store)).toBe(pragma);
    await server.stop();
  });
});
