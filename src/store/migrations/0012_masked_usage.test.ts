import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { unmaskUsage } from '../../domain/usage.js';
import { openStore, type Store } from '../database.js';
import { migrateUp } from '../migrator.js';
import { migrations } from './index.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const before = migrations.slice(
  0,
  migrations.findIndex((m) => m.name === '0012_masked_usage'),
);

describeEngines('migration 0012 (masked usage)', (engine) => {
  it("leaves usage and consumption in clear until the account's next session, and sums each space's consumption", async () => {
    const store = await openStore({ url: await engine.freshUrl(), poolSize: 2 });
    opened.push(store);
    await migrateUp(store, before);
    const db = store.db;
    await sql`insert into spaces (id, org_code, created_at) values (10, 'acme', 0)`.execute(db);
    await sql`insert into account_usage (space_id, account_id, documents, volume_bytes) values (10, 'a1', 3, 3000)`.execute(db);
    for (const [account, month, reads] of [
      ['a1', '2026-01', 5],
      ['a2', '2026-01', 7],
      ['a1', '2026-02', 1],
    ] as const)
      await sql`insert into account_consumption (space_id, account_id, month, reads, writes, uploaded_bytes, downloaded_bytes)
        values (10, ${account}, ${month}, ${reads}, 1, 10, 100)`.execute(db);

    // Later migrations follow it.
    expect((await migrateUp(store))[0]).toBe('0012_masked_usage');

    const usage = await db.selectFrom('account_usage').selectAll().executeTakeFirstOrThrow();
    expect(unmaskUsage(usage, null)).toEqual({ documents: 3, volumeBytes: 3000 });
    expect((await db.selectFrom('account_consumption').select('mask_day').execute()).map((r) => r.mask_day)).toEqual([0, 0, 0]);
    expect((await db.selectFrom('accounts').select('usage_key_hash').execute()).length).toBe(0);
    const totals = await db.selectFrom('space_consumption').selectAll().orderBy('month').execute();
    expect(totals.map((t) => [t.month, Number(t.reads), Number(t.writes), Number(t.uploaded_bytes), Number(t.downloaded_bytes)])).toEqual([
      ['2026-01', 12, 2, 20, 200],
      ['2026-02', 1, 1, 10, 100],
    ]);
  });
});
