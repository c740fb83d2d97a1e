import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { MemoryStore } from '../../../client/local-store.js';
import { consumption } from '../../../client/membership.js';
import { catchUp, createNote, editNote } from '../../../client/notes.js';
import { spaceOfId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';

const text = (t: string) => ({ text: t, hashtags: [] });
const counts = (reads: number, writes: number) => ({ reads, writes, uploadedBytes: 0, downloadedBytes: 0 });

describeEngines('account consumption', (engine) => {
  let server: TestServer;
  let month: string;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
    month = monthOf(Date.now(), server.config.tasks.timeZone).month;
  });
  afterAll(() => server.stop());

  /**
   * Two note creations, an edit, a refused edit and a catch-up: 3 writes, and 3 reads (sync.pull
   * counts the documents it sends: the two notes, and the chat its sponsorship opened).
   */
  async function work(member: Member): Promise<void> {
    const avatar = member.client.member.avatars[0]!.id;
    const note = await createNote(member.client, avatar, text('one'));
    await createNote(member.client, avatar, text('two'), note.id);
    await editNote(member.client, note.id, text('one, edited'));
    // A failed operation counts nothing.
    expect((await refusal(editNote(member.client, `${note.id.slice(0, 3)}0000000000000`, text('nobody’s')))).code).toBe('NOTE_NOT_FOUND');
    expect(await catchUp(member.client, new MemoryStore())).toBe(1);
  }

  it('counts each member’s reads and writes of the month, apart from other accounts', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 100, volumeBytes: 1_000_000 } });
    await work(bob);
    expect(await consumption(bob.client)).toEqual({
      documents: { used: 2, quota: 100 },
      volumeBytes: { used: 0, quota: 1_000_000 },
      months: [{ month, ...counts(3, 3) }],
    });
    // The previous call was a read too, counted once it succeeded.
    expect((await consumption(bob.client)).months).toEqual([{ month, ...counts(4, 3) }]);

    // The same after a flush: written rows (masked: the stored figures are not the counts), nothing pending.
    await server.app.consumption.flush();
    const row = await server.store.db
      .selectFrom('account_consumption')
      .selectAll()
      .where('account_id', '=', bob.client.member.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ month });
    expect(row.mask_day).toBeGreaterThan(0);
    expect([row.reads, row.writes].map(Number)).not.toEqual([5, 3]);
    expect((await consumption(bob.client)).months).toEqual([{ month, ...counts(5, 3) }]);

    // The treasurer's own counts (sponsoring Bob: partition list, sponsorship) are its own.
    const mine = await consumption(treasurer.client);
    expect(mine.months).toEqual([{ month, ...counts(1, 1) }]);
    expect(mine.documents).toEqual({ used: 0, quota: null });
  });

  it('lists the months asked for, most recent first, leaving out months without consumption', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const accountId = treasurer.client.member.id;
    const monthsAgo = (n: number) => monthsBefore(month, n);
    const old = [2, 11, 12, 23, 24].map((n) => ({
      space_id: spaceOfId(accountId),
      account_id: accountId,
      month: monthsAgo(n),
      reads: n,
      writes: 0,
      uploaded_bytes: n * 10,
      downloaded_bytes: n * 100,
    }));
    await server.store.db.insertInto('account_consumption').values(old).execute();
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, text('now'));

    const listed = async (months?: number) =>
      (await consumption(treasurer.client, months)).months.map((m) => [m.month, m.writes, m.uploadedBytes]);
    expect(await listed(1)).toEqual([[month, 1, 0]]);
    expect(await listed()).toEqual([
      [month, 1, 0],
      [monthsAgo(2), 0, 20],
      [monthsAgo(11), 0, 110],
    ]);
    expect((await listed(24)).map(([m]) => m)).toEqual([month, monthsAgo(2), monthsAgo(11), monthsAgo(12), monthsAgo(23)]);
  });

  it('keeps the counts across a stop and a restart on the same database', async () => {
    const first = await startTestServer(engine, await withOperators());
    const treasurer = await spaceWithTreasurer(first.url);
    await work(treasurer);
    // Stopping writes what was counted in memory.
    await first.stop();
    const again = await startTestServer(engine, {
      ...(await withOperators()),
      database: { url: first.config.database.url },
      files: { dir: first.config.files.dir },
    });
    try {
      const client = new IlotClient(again.url);
      await client.signIn(treasurer.orgCode, treasurer.passphrase);
      expect((await consumption(client)).months).toEqual([{ month, ...counts(2, 3) }]);
    } finally {
      await again.stop();
    }
  });

  it('refuses bad input with VALIDATION_FAILED', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const authorization = `Bearer ${treasurer.client.sessionToken}`;
    for (const input of [{ months: 0 }, { months: 25 }, { months: 'x' }, { months: 1.5 }, { months: 3, account: 'someone' }]) {
      const refused = await server.call('account.consumption', input, { authorization });
      expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // Refusals count nothing; this call counts one read once it is answered.
    expect((await consumption(treasurer.client)).months).toEqual([]);
  });

  it('is for members only', async () => {
    const reply = await server.call('account.consumption');
    expect([reply.status, reply.body.code]).toEqual([401, 'AUTH_REQUIRED']);
  });
});
