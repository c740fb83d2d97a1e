import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { openStore, type Store } from '../database.js';
import { migrateUp } from '../migrator.js';
import { migrations } from './index.js';

const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

const index = migrations.findIndex((m) => m.name === '0011_unlinkable_avatars');
const before = migrations.slice(0, index);
const through = migrations.slice(0, index + 1);
// 2026-03-17T10:20:30.456Z, and the first instant of its month.
const at = Date.UTC(2026, 2, 17, 10, 20, 30, 456);
const month = Date.UTC(2026, 2, 1);

describeEngines('migration 0011 (unlinkable avatars)', (engine) => {
  it('keeps every avatar, marks secondary ones legacy, counts them, and leaves no time finer than a month on what avatars hold', async () => {
    const store = await openStore({ url: await engine.freshUrl(), poolSize: 2 });
    opened.push(store);
    await migrateUp(store, before);
    const db = store.db;
    await sql`insert into spaces (id, org_code, created_at) values (10, 'acme', ${at})`.execute(db);
    const account = (id: string, expires: number | null) =>
      sql`insert into accounts (space_id, id, prefix_id, auth_hash, roles, wrapped_account_key, created_at, expires_at)
        values (10, ${id}, ${`p${id}`}, 'h', '', 'k', ${at}, ${expires})`.execute(db);
    await account('1020000000000001', Date.UTC(2027, 0, 1) - 1);
    await account('1020000000000002', null);
    const avatar = (id: string, accountId: string, primary: number | null) =>
      sql`insert into avatars (space_id, id, account_id, name, ecdh_public_key, signing_public_key, wrapped_private_keys, created_at, is_primary)
        values (10, ${id}, ${accountId}, 'n', 'e', 's', 'w', ${at}, ${primary})`.execute(db);
    await avatar('1030000000000001', '1020000000000001', 1);
    await avatar('1030000000000002', '1020000000000001', 0);
    await avatar('1030000000000003', '1020000000000001', 0);
    // An avatar from before `is_primary` existed: an account's only one, its primary.
    await avatar('1030000000000004', '1020000000000002', null);
    await sql`insert into notes (space_id, id, subtree, parent_id, version, size, payload, created_at, updated_at)
      values (10, '1050000000000001', '1030000000000002', null, 1, 4, 'AAAA', ${at}, ${at + 1})`.execute(db);
    await sql`insert into tombstones (space_id, subtree, id, version, deleted_at) values (10, '1030000000000002', '1050000000000002', 2, ${at})`.execute(
      db,
    );
    await sql`insert into contacts (space_id, avatar_id, contact_id, card_key, note, origin, created_at)
      values (10, '1030000000000003', '1030000000000004', 'c', null, 'phrase', ${at})`.execute(db);
    await sql`insert into uploads (space_id, id, account_id, subtree, note_id, name_tag, size, meta, reserved_at)
      values (10, '1060000000000001', '1020000000000001', '1030000000000002', '1050000000000001', 't', 10, 'm', ${at})`.execute(db);

    expect(await migrateUp(store, through)).toEqual(['0011_unlinkable_avatars']);

    const avatars = await db.selectFrom('avatars').selectAll().orderBy('id').execute();
    expect(avatars.map((a) => [a.id, a.account_id, a.is_primary, a.proof_hash, Number(a.created_at)])).toEqual([
      ['1030000000000001', '1020000000000001', 1, null, at],
      ['1030000000000002', '1020000000000001', 0, null, month],
      ['1030000000000003', '1020000000000001', 0, null, month],
      ['1030000000000004', '1020000000000002', 1, null, at],
    ]);
    // Legacy secondary avatars live as long as their account until its next sign-in moves them.
    expect(avatars.map((a) => (a.expires_at === null ? null : Number(a.expires_at)))).toEqual([
      null,
      Date.UTC(2027, 0, 1) - 1,
      Date.UTC(2027, 0, 1) - 1,
      null,
    ]);
    const accounts = await db
      .selectFrom('accounts')
      .select(['id', 'secondary_avatars', 'keyring', 'keyring_revision'])
      .orderBy('id')
      .execute();
    expect(accounts).toEqual([
      { id: '1020000000000001', secondary_avatars: 2, keyring: null, keyring_revision: 0 },
      { id: '1020000000000002', secondary_avatars: 0, keyring: null, keyring_revision: 0 },
    ]);
    const note = await db.selectFrom('notes').selectAll().executeTakeFirstOrThrow();
    expect([Number(note.created_at), Number(note.updated_at)]).toEqual([month, month]);
    expect(Number((await db.selectFrom('tombstones').select('deleted_at').executeTakeFirstOrThrow()).deleted_at)).toBe(month);
    expect(Number((await db.selectFrom('contacts').select('created_at').executeTakeFirstOrThrow()).created_at)).toBe(month);
    const upload = await db.selectFrom('uploads').selectAll().executeTakeFirstOrThrow();
    expect(upload).not.toHaveProperty('account_id');
    expect(upload.subtree).toBe('1030000000000002');
  });
});
