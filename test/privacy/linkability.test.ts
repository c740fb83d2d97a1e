import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { attachFile } from '../../src/client/files.js';
import { addContact, createAvatar, deleteAccount, deleteAvatar, setContactPhrase } from '../../src/client/membership.js';
import { createNote } from '../../src/client/notes.js';
import { describeEngines } from '../support/engines.js';
import { source } from '../support/files.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';
import { operatorClient, withOperatorsUnthrottled } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { waitFor } from '../support/wait.js';

// The linkability probe: a site of 100 accounts with 1 to 3 secondary avatars each lives a little
// (sign-ins, notes, files, contacts, sponsorships, consumption, an expiry, deletions); then every
// table, file path, log line, audit entry and metric is dumped, and nothing may tie a secondary
// avatar to its account or to a sibling: no record naming them together, no timestamp, counter or
// version shared only within one account's avatars.

/** A small deterministic generator, so that a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

interface Account {
  member: Member;
  id: string;
  primary: string;
  secondaries: string[];
}

const idPattern = /(?<!\d)\d{16,17}(?!\d)/g;
/** Columns holding times, counters or versions: values that two records may share by happening together. */
const sharedKinds = /(_at|_until|_ms|version|revision|_to|^seq$|^attempts$|^items$|^last_items$|^month$|^secondary_avatars$)/;

describeEngines('linkability probe', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperatorsUnthrottled()), tasks: { pollSeconds: 1 } });
  });
  afterAll(() => server.stop());

  // A whole site's life: minutes on a busy machine, not the default 30 s.
  it('leaves nothing at rest that ties a secondary avatar to its account or to a sibling', { timeout: 600_000 }, async () => {
    const random = generator(engine.name === 'sqlite' ? 7 : 11);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 200, documents: 100_000 });

    const accounts: Account[] = [];
    for (let i = 0; i < 100; i++) {
      // The first three are delegates: they sponsor others below.
      const member = await sponsored(treasurer, `M${i}`, { delegate: i < 3 });
      accounts.push({ member, id: member.client.member.id, primary: member.client.member.avatars[0]!.id, secondaries: [] });
    }
    // Avatars are created in a shuffled order, so that siblings are not made one after the other.
    const wanted = accounts.flatMap((a, i) => Array.from({ length: 1 + (i % 3) }, () => a));
    wanted.sort(() => random() - 0.5);
    for (const [k, account] of wanted.entries()) account.secondaries.push((await createAvatar(account.member.client, `P${k}`)).id);

    // Notes everywhere, files on some, in a shuffled order; contacts between avatars of different accounts.
    const avatars = accounts.flatMap((a) => [a.primary, ...a.secondaries].map((avatar) => ({ account: a, avatar })));
    avatars.sort(() => random() - 0.5);
    for (const { account, avatar } of avatars) {
      const note = await createNote(account.member.client, avatar, { text: `a note of ${avatar}`, hashtags: [] });
      if (random() < 0.3)
        await attachFile(account.member.client, note.id, source('f.bin', new Uint8Array(100 + Math.floor(random() * 1000))));
    }
    for (let k = 0; k < 10; k++) {
      const owner = pick(accounts);
      const other = pick(accounts.filter((a) => a !== owner));
      const phrase = `${k}: a contact phrase of the linkability probe`;
      await setContactPhrase(owner.member.client, pick(owner.secondaries), phrase);
      await addContact(other.member.client, pick([other.primary, ...other.secondaries]), phrase);
    }
    // Members sponsor others; everyone signs in again (presenting their avatars).
    for (let k = 0; k < 3; k++) await sponsored(accounts[k]!.member, `S${k}`);
    for (const account of [...accounts].sort(() => random() - 0.5)) {
      const again = new IlotClient(server.url);
      await again.signIn(account.member.orgCode, account.member.passphrase);
      account.member = { ...account.member, client: again };
    }
    await server.app.consumption.flush();

    // An expiry: some secondary avatars of different accounts reach their end.
    const expiring = accounts.slice(10, 16).map((a) => a.secondaries[0]!);
    await server.store.db
      .updateTable('avatars')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', 'in', expiring)
      .execute();
    const alice = await operatorClient(server.url, 'alice');
    const daily = await server.store.db.selectFrom('tasks').select('id').where('kind', '=', 'avatars.expire').executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: daily.id });
    // Deletions: some secondary avatars, some whole accounts.
    for (const account of accounts.slice(20, 25)) await deleteAvatar(account.member.client, account.secondaries.at(-1)!);
    for (const account of accounts.slice(30, 35)) await deleteAccount(account.member.client, account.member.passphrase);
    await waitFor(
      async () =>
        (await server.store.db.selectFrom('tasks').select('id').where('daily', '=', 0).where('state', '<>', 'done').execute()).length === 0,
      { what: 'every purge done', timeoutMs: 120_000 },
    );
    await server.app.consumption.flush();

    // The dump: every table, every path of the file store, every log line, every metric.
    const tables =
      server.store.engine === 'sqlite'
        ? (
            await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
              server.store.db,
            )
          ).rows
        : (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(server.store.db)
          ).rows;
    const records: { where: string; text: string; row?: Record<string, unknown> }[] = [];
    for (const { name } of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(server.store.db)).rows;
      for (const row of rows) records.push({ where: name, text: JSON.stringify(row), row });
    }
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? walk(join(dir, entry.name)) : [relative(server.config.files.dir, join(dir, entry.name))],
      );
    for (const path of walk(server.config.files.dir)) records.push({ where: 'file store', text: path });
    for (const line of server.logs.raw) records.push({ where: 'log', text: line });
    for (const line of (await fetch(`${server.url}/metrics`).then((r) => r.text())).split('\n'))
      records.push({ where: 'metrics', text: line });

    // Who is what: each id's account, and whether it is a secondary avatar.
    const groupOf = new Map<string, string>();
    const secondary = new Set<string>();
    for (const account of accounts) {
      for (const id of [account.id, account.primary, ...account.secondaries]) groupOf.set(id, account.id);
      for (const id of account.secondaries) secondary.add(id);
    }
    const entitiesOf = (text: string) => new Set([...text.matchAll(idPattern)].map((m) => m[0]).filter((id) => groupOf.has(id)));
    expect(secondary.size).toBe(wanted.length);
    expect(records.filter((r) => [...entitiesOf(r.text)].some((id) => secondary.has(id))).length).toBeGreaterThan(500);

    // Planted links, which the checks below must find, and nothing else: a record naming an avatar
    // with its account, two records of siblings sharing a time.
    const [planted] = accounts.filter((a) => a.secondaries.length >= 2 && !accounts.slice(30, 35).includes(a));
    records.push({ where: 'planted', text: JSON.stringify({ avatar: planted!.secondaries[0], account: planted!.id }) });
    for (const avatar of planted!.secondaries.slice(0, 2))
      records.push({ where: 'planted', text: avatar, row: { subtree: avatar, created_at: 1 } });

    // 1. No record names a secondary avatar with its account or a sibling.
    const together = records.flatMap((record) => {
      const found = [...entitiesOf(record.text)];
      return found.some((id) => secondary.has(id)) && new Set(found.map((id) => groupOf.get(id))).size < found.length
        ? [`${record.where}: ${record.text.slice(0, 300)}`]
        : [];
    });
    expect(together).toEqual([`planted: {"avatar":"${planted!.secondaries[0]}","account":"${planted!.id}"}`]);

    // 2. No time, counter or version is shared only within one account's records.
    const shared: string[] = [];
    const byColumn = new Map<string, Map<string, Set<string>>>();
    for (const { where, row } of records) {
      if (!row) continue;
      const found = entitiesOf(JSON.stringify(row));
      for (const [column, value] of Object.entries(row)) {
        if (value === null || !sharedKinds.test(column)) continue;
        const key = `${where}.${column}`;
        const values = byColumn.get(key) ?? byColumn.set(key, new Map()).get(key)!;
        const text = JSON.stringify(value);
        const holders = values.get(text) ?? values.set(text, new Set()).get(text)!;
        // A record naming no probe entity shares the value with the site at large.
        if (found.size === 0) holders.add('(site)');
        for (const id of found) holders.add(id);
      }
    }
    for (const [column, values] of byColumn)
      for (const [value, holders] of values) {
        const groups = new Set([...holders].map((id) => groupOf.get(id) ?? id));
        if (holders.size >= 2 && groups.size === 1 && [...holders].some((id) => secondary.has(id)))
          shared.push(`${column} = ${value}, held only by ${[...holders].join(', ')}`);
      }
    expect(shared).toEqual([`planted.created_at = 1, held only by ${planted!.secondaries.slice(0, 2).join(', ')}`]);

    // 3. No figure of an account (usage, consumption) is a sum of what some of its avatars, one
    // secondary at least, hold: notes counted, file bytes added up. Such a figure would let a copy
    // find which avatars make up the account.
    const held = new Map<string, { documents: number; bytes: number }>();
    for (const { where, row } of records) {
      if (!row || (where !== 'notes' && where !== 'files')) continue;
      const of = held.get(String(row.subtree)) ?? held.set(String(row.subtree), { documents: 0, bytes: 0 }).get(String(row.subtree))!;
      if (where === 'notes') of.documents++;
      else of.bytes += Number(row.size);
    }
    const sumsOf = (account: Account) => {
      const members = [account.primary, ...account.secondaries];
      const sums = new Set<number>();
      for (let subset = 1; subset < 1 << members.length; subset++) {
        const chosen = members.filter((_, k) => subset & (1 << k));
        for (const measure of ['documents', 'bytes'] as const) {
          const parts = chosen.map((id) => ({ id, value: held.get(id)?.[measure] ?? 0 }));
          if (parts.some((p) => secondary.has(p.id) && p.value > 0)) sums.add(parts.reduce((sum, p) => sum + p.value, 0));
        }
      }
      return sums;
    };
    const figures = /^(documents|volume_bytes|reads|writes|uploaded_bytes|downloaded_bytes)$/;
    const plantedSum = [planted!.primary, ...planted!.secondaries].reduce((sum, id) => sum + (held.get(id)?.documents ?? 0), 0);
    records.push({ where: 'planted', text: '', row: { account_id: planted!.id, documents: plantedSum } });
    const summed = records.flatMap(({ where, row }) => {
      const account = row && accounts.find((a) => a.id === row.account_id);
      if (!account) return [];
      const sums = sumsOf(account);
      return Object.entries(row)
        .filter(([column, value]) => figures.test(column) && sums.has(Number(value)))
        .map(([column, value]) => `${where}.${column} = ${String(value)} (${account.id})`);
    });
    expect(summed).toEqual([`planted.documents = ${plantedSum} (${planted!.id})`]);
  });
});
