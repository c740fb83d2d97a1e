import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { addContact, createAvatar, setContactPhrase, sponsor } from '../../../client/membership.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, deleteNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { waitFor } from '../../../../test/support/wait.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { accountRow, defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { appendAuditEntry, verifyAuditChain } from '../../../domain/audit-entries.js';
import { LocalFileStore } from '../../../store/files/local-file-store.js';
import { monthOf } from '../schedule.js';

const dayMs = 24 * 3600 * 1000;

describeEngines('tasks', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      sessions: { maxFailedSignIns: 1000 },
      tasks: { pollSeconds: 1, closedSpaceRetentionDays: 0, auditRetentionMonths: 1 },
    });
    alice = await operatorClient(server.url, 'alice');
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;
  const spaceIdOf = async (orgCode: string) =>
    (await db().selectFrom('spaces').select('id').where('org_code', '=', orgCode).executeTakeFirstOrThrow()).id;

  /** Runs a daily kind now and waits for that run to succeed. */
  async function runDaily(kind: string) {
    const before = await db().selectFrom('tasks').selectAll().where('kind', '=', kind).executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: before.id });
    return waitFor(async () => {
      const row = await db().selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      return row.last_success_at !== null && row.last_success_at !== before.last_success_at && row.state === 'pending' ? row : undefined;
    });
  }
  // Done: a purge of an avatar, an account or a file forgets its target then, a purge of a space keeps it.
  const waitDone = (kind: string, target: string) =>
    waitFor(async () => {
      const row = await db().selectFrom('tasks').select('state').where('kind', '=', kind).where('target', '=', target).executeTakeFirst();
      return row === undefined || row.state === 'done';
    });

  it('removes accounts past their lifetime and purges their contacts, except in a frozen space', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const frozen = await spaceWithTreasurer(server.url);
    const carol = await sponsored(frozen, 'Carol');
    await db()
      .updateTable('accounts')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', 'in', [bob.client.member.id, carol.client.member.id])
      .execute();
    await alice.call('space.setFrozen', { orgCode: frozen.orgCode, frozen: true });
    const run = await runDaily('accounts.expire');
    expect(run!.last_items).toBe(1);
    expect(await db().selectFrom('accounts').select('id').where('id', '=', bob.client.member.id).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('accounts').select('id').where('id', '=', carol.client.member.id).executeTakeFirst()).toBeDefined();
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await waitDone('purge.avatar', bobAvatar);
    // The sponsorship contact is gone on the treasurer's side too.
    expect(await db().selectFrom('contacts').selectAll().where('contact_id', '=', bobAvatar).execute()).toEqual([]);
    expect((await refusal(bob.client.call('account.show'))).code).toBe('SESSION_INVALID');
  });

  it('removes secondary avatars past their own lifetime, whoever’s they are; the keyring forgets them at the next sign-in', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    const kept = await createAvatar(bob.client, 'Kept');
    await createNote(bob.client, pseudo.id, { text: 'a note that goes with its avatar', hashtags: [] });
    await db()
      .updateTable('avatars')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', pseudo.id)
      .execute();
    const run = await runDaily('avatars.expire');
    expect(run!.last_items).toBeGreaterThanOrEqual(1);
    await waitDone('purge.avatar', pseudo.id);
    expect(await db().selectFrom('avatars').select('id').where('id', 'in', [pseudo.id, kept.id]).execute()).toEqual([{ id: kept.id }]);
    expect(await db().selectFrom('notes').select('id').where('subtree', '=', pseudo.id).execute()).toEqual([]);
    // The account lives on; its next sign-in drops the gone avatar from its keyring and its count.
    const again = new IlotClient(server.url);
    await again.signIn(bob.orgCode, bob.passphrase);
    expect(again.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, kept.id]);
    const account = await accountRow(server, bob);
    expect(account.secondary_avatars).toBe(1);
  });

  it('expires sponsorships past their date and frees their phrase', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'a sponsorship nobody answered in time';
    const { id } = await sponsor(treasurer.client, {
      phrase,
      name: 'Late',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 1, volumeBytes: 1 },
      word: 'w',
    });
    await db()
      .updateTable('sponsorships')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', id)
      .execute();
    await runDaily('sponsorships.expire');
    expect((await db().selectFrom('sponsorships').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('expired');
    await sponsor(treasurer.client, {
      phrase,
      name: 'Again',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 1, volumeBytes: 1 },
      word: 'w',
    });
  });

  it('removes unfinished uploads older than a day, and only those', async () => {
    const temp = join(server.config.files.dir, '.tmp');
    mkdirSync(temp, { recursive: true });
    writeFileSync(join(temp, 'abandoned'), 'half an upload');
    writeFileSync(join(temp, 'in-progress'), 'an upload going on');
    const old = (Date.now() - 2 * dayMs) / 1000;
    utimesSync(join(temp, 'abandoned'), old, old);
    const run = await runDaily('files.staleUploads');
    expect(run!.last_items).toBe(1);
    expect([existsSync(join(temp, 'abandoned')), existsSync(join(temp, 'in-progress'))]).toEqual([false, true]);
  });

  it('purges audit entries past the retention from the start of each chain; the rest still verifies', async () => {
    const old = Date.now() - 60 * dayMs;
    await server.store.transaction(async (tx) => {
      for (let n = 0; n < 3; n++)
        await appendAuditEntry(tx, {
          space_id: 0,
          at: old + n,
          request_id: `old${n}`,
          actor: 'alice',
          role: 'operator:admin',
          action: 'space.open',
          target: null,
          details: null,
          address: null,
          user_agent: null,
          result: 'ok',
          error_code: null,
        });
    });
    const before = await verifyAuditChain(server.store, 0);
    await db().updateTable('audit_entries').set({ at: old }).where('space_id', '=', 0).where('seq', '<=', 2).execute();
    // Moving `at` broke nothing the purge keeps: entries 1 and 2 go, with the chain's start.
    await runDaily('audit.retention');
    const after = await verifyAuditChain(server.store, 0);
    expect(after.brokenAt).toBeNull();
    expect(after.from).toBeGreaterThan(1);
    expect(after.from + after.entries).toBeGreaterThanOrEqual(before.entries + 1);
    const checkpoint = await db().selectFrom('audit_checkpoints').selectAll().where('space_id', '=', 0).executeTakeFirstOrThrow();
    expect(checkpoint.seq).toBe(after.from - 1);
  });

  it('computes the month’s figures of each space and freezes past months', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await sponsored(treasurer, 'Dora');
    const spaceId = await spaceIdOf(treasurer.orgCode);
    await db()
      .insertInto('space_stats')
      .values({ space_id: spaceId, month: '2000-01', figures: '{"accounts":1}', frozen: 0, computed_at: 0 })
      .execute();
    // Consumption counted in that month after its last daily run still reaches its frozen figures.
    await db()
      .insertInto('space_consumption')
      .values({
        space_id: spaceId,
        month: '2000-01',
        reads: 7,
        writes: 3,
        uploaded_bytes: 100,
        downloaded_bytes: 50,
      })
      .execute();
    await runDaily('stats.monthly');
    const rows = await db().selectFrom('space_stats').selectAll().where('space_id', '=', spaceId).orderBy('month').execute();
    expect(rows.map((r) => [r.month, r.frozen])).toEqual([
      ['2000-01', 1],
      [monthOf(Date.now(), 'UTC').month, 0],
    ]);
    expect(JSON.parse(rows[0]!.figures)).toEqual({ accounts: 1, reads: 7, writes: 3, uploadedBytes: 100, downloadedBytes: 50 });
    expect(JSON.parse(rows[1]!.figures)).toMatchObject({
      accounts: 2,
      accountsO: 1,
      avatars: 2,
      contacts: 1,
      sponsorshipsMade: 1,
      sponsorshipsAccepted: 1,
    });
    expect(Object.keys(JSON.parse(rows[1]!.figures))).toEqual(
      expect.arrayContaining(['reads', 'writes', 'uploadedBytes', 'downloadedBytes']),
    );
  });

  it('counts each figure of the month by its rule, for the space and for each partition', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const spaceId = await spaceIdOf(treasurer.orgCode);
    const partition = await defaultPartition(treasurer);
    const { month, startedAt } = monthOf(Date.now(), 'UTC');
    const figuresOf = async () => {
      await runDaily('stats.monthly');
      const space = await db()
        .selectFrom('space_stats')
        .select('figures')
        .where('space_id', '=', spaceId)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      const partitions = await db()
        .selectFrom('partition_stats')
        .select(['partition_id', 'figures'])
        .where('space_id', '=', spaceId)
        .where('month', '=', month)
        .execute();
      return {
        space: JSON.parse(space.figures) as Record<string, number>,
        partitions: Object.fromEntries(partitions.map((p) => [p.partition_id, JSON.parse(p.figures) as Record<string, number>])),
      };
    };
    const before = await figuresOf();
    const empty = `${spaceId}p-empty`;
    await db().insertInto('partitions').values({ space_id: spaceId, id: empty, name: 'empty', created_at: 0 }).execute();
    let n = 0;
    const account = (kind: 'O' | 'A', partitionId: string | null, documents: number | null, volume: number | null) => ({
      space_id: spaceId,
      id: `${spaceId}a-figures-${++n}`,
      prefix_id: `figures-${spaceId}-${n}`,
      auth_hash: 'x',
      roles: '',
      wrapped_account_key: 'x',
      created_at: 0,
      kind,
      partition_id: partitionId,
      quota_documents: documents,
      quota_volume_bytes: volume,
    });
    // O accounts count in their partition with their quotas (an unset quota adds nothing), A accounts and O accounts of no partition only in the space.
    await db()
      .insertInto('accounts')
      .values([
        account('O', partition, 10, 1000),
        account('O', partition, 20, null),
        account('A', partition, 500, 5000),
        account('A', null, 1, 1),
        account('O', null, 7, 7),
      ])
      .execute();
    const sponsorship = (
      role: string,
      createdAt: number,
      state: 'pending' | 'accepted',
      answeredAt: number | null,
      partitionId: string | null,
    ) => ({
      space_id: spaceId,
      id: `${spaceId}s-figures-${++n}`,
      prefix_id: `figures-${spaceId}-${n}`,
      auth_hash: 'x',
      role,
      created_at: createdAt,
      state,
      answered_at: answeredAt,
      partition_id: partitionId,
    });
    // Made: members' sponsorships created this month; accepted: accepted this month, whenever made.
    await db()
      .insertInto('sponsorships')
      .values([
        sponsorship('member', startedAt, 'pending', null, partition),
        sponsorship('member', startedAt - 1, 'accepted', startedAt, partition),
        sponsorship('member', startedAt - 2, 'accepted', startedAt - 1, partition),
        sponsorship('treasurer', startedAt, 'pending', null, null),
        sponsorship('member', startedAt, 'accepted', startedAt, null),
      ])
      .execute();
    // Another space's rows count only for it.
    const other = await spaceIdOf((await spaceWithTreasurer(server.url)).orgCode);
    await db()
      .insertInto('sponsorships')
      .values([
        { ...sponsorship('member', startedAt, 'accepted', startedAt, null), space_id: other },
        { ...sponsorship('member', startedAt, 'pending', null, null), space_id: other },
      ])
      .execute();
    const session = (createdAt: number) => ({
      space_id: spaceId,
      id: `figures-${++n}`,
      secret_hash: 'x',
      subject: 'x',
      role: 'member',
      created_at: createdAt,
      expires_at: createdAt + dayMs,
    });
    await db()
      .insertInto('sessions')
      .values([session(startedAt), session(startedAt - 1)])
      .execute();

    const after = await figuresOf();
    const delta = (from: Record<string, number>, to: Record<string, number>) =>
      Object.fromEntries(Object.keys(to).map((name) => [name, to[name]! - (from[name] ?? 0)]));
    expect(delta(before.space, after.space)).toEqual({
      reads: 0,
      writes: 0,
      uploadedBytes: 0,
      downloadedBytes: 0,
      accounts: 5,
      accountsO: 3,
      accountsA: 2,
      avatars: 0,
      contacts: 0,
      sponsorshipsMade: 2,
      sponsorshipsAccepted: 2,
      signIns: 1,
    });
    expect(delta(before.partitions[partition]!, after.partitions[partition]!)).toEqual({
      accountsO: 2,
      documentsQuota: 30,
      volumeQuota: 1000,
      sponsorshipsMade: 1,
      sponsorshipsAccepted: 1,
    });
    expect(after.partitions[empty]).toEqual({
      accountsO: 0,
      documentsQuota: 0,
      volumeQuota: 0,
      sponsorshipsMade: 0,
      sponsorshipsAccepted: 0,
    });
  });

  it('purges a closed space but its closing message, then forgets it after the retention', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Pseudo');
    await setContactPhrase(bob.client, pseudo.id, 'the contact phrase of a pseudonym');
    await addContact(treasurer.client, treasurer.client.member.avatars[0]!.id, 'the contact phrase of a pseudonym');
    const spaceId = await spaceIdOf(treasurer.orgCode);
    const files = await LocalFileStore.open(server.config.files.dir);
    await files.put(spaceId, 'avatars/x/file', Readable.from(['content']));
    // The organization runs a fleet of its own.
    await alice.call('fleet.app.add', { name: `app-${spaceId}`, kind: 'process', command: ['node', 'app.js'] });
    await alice.call('fleet.host.add', { name: `host-${spaceId}`, orgCode: treasurer.orgCode });
    await alice.call('fleet.permission.grant', {
      operator: 'alice',
      app: `app-${spaceId}`,
      hosts: { name: `host-${spaceId}` },
      orgCode: treasurer.orgCode,
    });
    await alice.call('fleet.command.issue', { host: `host-${spaceId}`, command: { type: 'inventory' } });
    await alice.call('space.close', { orgCode: treasurer.orgCode, message: 'Fermé, merci.' });
    await waitDone('purge.space', String(spaceId));
    for (const table of [
      'accounts',
      'avatars',
      'contacts',
      'sponsorships',
      'sessions',
      'phrase_prefixes',
      'partitions',
      'audit_entries',
    ] as const) {
      expect([table, (await db().selectFrom(table).select('space_id').where('space_id', '=', spaceId).execute()).length]).toEqual([
        table,
        0,
      ]);
    }
    expect(await files.list(spaceId)).toEqual([]);
    const closed = await refusal(new IlotClient(server.url).signIn(treasurer.orgCode, treasurer.passphrase));
    expect([closed.code, closed.message]).toEqual(['SPACE_CLOSED', 'Fermé, merci.']);
    // Retention 0 days here: the next daily run forgets the space and frees its number.
    await runDaily('spaces.forget');
    expect(await db().selectFrom('spaces').select('id').where('id', '=', spaceId).executeTakeFirst()).toBeUndefined();
    for (const table of ['fleet_hosts', 'fleet_permissions', 'fleet_commands'] as const)
      expect(await db().selectFrom(table).select('id').where('space_id', '=', spaceId).execute()).toEqual([]);
    expect(await db().selectFrom('fleet_apps').select('name').where('name', '=', `app-${spaceId}`).execute()).toHaveLength(1);
  });

  it('purges old tombstones; a client that knew a version before them rebuilds the subtree', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const kept = await createNote(treasurer.client, avatar, { text: 'kept', hashtags: [] });
    const store = new MemoryStore();
    await catchUp(treasurer.client, store);
    const gone = await createNote(treasurer.client, avatar, { text: 'gone', hashtags: [] });
    await deleteNote(treasurer.client, gone.id);
    await db()
      .updateTable('tombstones')
      .set({ deleted_at: Date.now() - 600 * dayMs })
      .where('id', '=', gone.id)
      .execute();
    await runDaily('tombstones.purge');
    expect(await db().selectFrom('tombstones').select('id').where('id', '=', gone.id).execute()).toEqual([]);
    const answer = await treasurer.client.call('sync.pull', { known: await store.known() });
    expect(answer.reset).toEqual([avatar]);
    expect(answer.notes.map((n) => n.id)).toEqual([kept.id]);
  });

  it('removes finished tasks, old runs and ended sessions', async () => {
    const long = Date.now() - 100 * dayMs;
    await db().updateTable('tasks').set({ finished_at: long }).where('state', '=', 'done').execute();
    await db().updateTable('sessions').set({ expires_at: long }).where('space_id', '>', 0).execute();
    const doneBefore = (await db().selectFrom('tasks').select('id').where('state', '=', 'done').execute()).length;
    expect(doneBefore).toBeGreaterThan(0);
    await runDaily('site.housekeeping');
    expect(await db().selectFrom('tasks').select('id').where('state', '=', 'done').execute()).toEqual([]);
    expect(await db().selectFrom('sessions').select('id').where('space_id', '>', 0).execute()).toEqual([]);
  });
});
