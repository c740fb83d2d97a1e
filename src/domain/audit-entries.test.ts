import { sql } from 'kysely';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../test/support/engines.js';
import { appendAuditEntry, auditedSpaces, verifyAuditChain, type NewAuditEntry } from './audit-entries.js';
import { openStore, type Store } from '../store/database.js';
import { migrateUp } from '../store/migrator.js';

const entry = (n: number, spaceId = 0): NewAuditEntry => ({
  space_id: spaceId,
  at: 1_000 + n,
  request_id: `r${n}`,
  actor: 'alice',
  role: 'operator:admin',
  action: 'space.open',
  target: `asso${n}`,
  details: JSON.stringify({ n }),
  address: '127.0.0.1',
  user_agent: null,
  result: 'ok',
  error_code: null,
});

describeEngines('audit chain', (engine) => {
  let store: Store;
  const stores: Store[] = [];
  beforeEach(async () => {
    store = await openStore({ url: await engine.freshUrl() });
    stores.push(store);
    await migrateUp(store);
    for (let n = 1; n <= 5; n++) await store.transaction((tx) => appendAuditEntry(tx, entry(n)));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('links each entry to the previous one of its space and verifies', async () => {
    await store.transaction(async (tx) => {
      await sql`insert into spaces (id, org_code, created_at) values (10, 'asso', 0)`.execute(tx);
      await appendAuditEntry(tx, entry(1, 10));
    });
    const rows = await store.db.selectFrom('audit_entries').selectAll().where('space_id', '=', 0).orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe('');
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(await auditedSpaces(store)).toEqual([0, 10]);
    expect(await verifyAuditChain(store, 0)).toEqual({ spaceId: 0, from: 1, entries: 5, brokenAt: null });
    expect(await verifyAuditChain(store, 10)).toEqual({ spaceId: 10, from: 1, entries: 1, brokenAt: null });
  });

  it('finds an altered entry', async () => {
    await store.db
      .updateTable('audit_entries')
      .set({ details: JSON.stringify({ n: 99 }) })
      .where('seq', '=', 3)
      .execute();
    expect((await verifyAuditChain(store, 0)).brokenAt).toBe(3);
  });

  it('finds a removed entry', async () => {
    await store.db.deleteFrom('audit_entries').where('seq', '=', 2).execute();
    expect((await verifyAuditChain(store, 0)).brokenAt).toBe(2);
  });

  it('finds an entry rewritten with a fresh hash, since the next one still points at the old', async () => {
    const { entryHash } = await import('./audit-entries.js');
    const row = await store.db.selectFrom('audit_entries').selectAll().where('seq', '=', 4).executeTakeFirstOrThrow();
    const { hash: _old, ...rest } = { ...row, actor: 'mallory' };
    await store.db
      .updateTable('audit_entries')
      .set({ actor: 'mallory', hash: entryHash(rest) })
      .where('seq', '=', 4)
      .execute();
    expect((await verifyAuditChain(store, 0)).brokenAt).toBe(5);
  });
});
