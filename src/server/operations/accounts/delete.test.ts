import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { createAvatar, deleteAccount, deleteAvatar } from '../../../client/membership.js';
import { waitFor } from '../../../../test/support/wait.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('account.delete', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const accountRow = (id: string) => server.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

  it('deletes an account once its secondary avatars are gone: sessions end at once, the purge is queued; the treasurer stays', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const second = await createAvatar(bob.client, 'Robert');
    const third = await createAvatar(bob.client, 'Bobby');
    // The server cannot tell which avatars are Bob's, only that some remain.
    const passphrase = await bob.client.phraseKeys(bob.passphrase, bob.orgCode);
    expect((await refusal(bob.client.call('account.delete', { passphrase }))).code).toBe('AVATARS_REMAIN');
    // The SDK checks the passphrase before it deletes anything.
    expect((await refusal(deleteAccount(bob.client, 'not the passphrase of Bob at all'))).code).toBe('PASSPHRASE_WRONG');
    expect(await accountRow(bob.client.member.id)).toBeDefined();
    expect(bob.client.member.avatars).toHaveLength(3);
    // The client forgets its account once the site says its session ended: its ids, kept now.
    const { id: bobId, avatars } = bob.client.member;
    const primary = avatars[0]!.id;
    await deleteAvatar(bob.client, second.id);

    const other = new IlotClient(server.url);
    await other.signIn(bob.orgCode, bob.passphrase);
    // The SDK deletes the remaining secondary avatar, then the account.
    await deleteAccount(bob.client, bob.passphrase);
    expect(await accountRow(bobId)).toBeUndefined();
    for (const session of [bob.client, other]) expect((await refusal(session.call('account.show'))).code).toBe('SESSION_INVALID');
    expect([bob.client.signedIn, other.signedIn]).toEqual([false, false]);
    expect((await refusal(new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase))).code).toBe('SIGNIN_FAILED');
    // The purges run, then forget what they purged: nothing names the account or its avatars any more.
    const gone = [bobId, primary, second.id, third.id];
    await waitFor(
      async () => (await server.store.db.selectFrom('tasks').select('kind').where('target', 'in', gone).execute()).length === 0,
      { what: 'the purges done', timeoutMs: 120_000 },
    );
    expect(await server.store.db.selectFrom('avatars').select('id').where('id', 'in', gone).execute()).toEqual([]);
    // They did run: one purge of the account, one of each avatar (this suite's only deletions).
    const runs = await waitFor(async () => {
      const rows = await server.store.db
        .selectFrom('task_runs')
        .select('kind')
        .where('result', '=', 'ok')
        .where('kind', 'like', 'purge.%')
        .execute();
      const kinds = rows.map((r) => r.kind).sort();
      return kinds.length >= 4 ? kinds : undefined;
    });
    expect(runs).toEqual(['purge.account', 'purge.avatar', 'purge.avatar', 'purge.avatar']);
    expect(await server.store.db.selectFrom('phrase_prefixes').select('owner').where('owner', 'in', gone).execute()).toEqual([]);

    // The treasurer's attempt is refused before it costs a secondary avatar.
    await createAvatar(treasurer.client, 'Kept');
    expect((await refusal(deleteAccount(treasurer.client, treasurer.passphrase))).code).toBe('TREASURER_UNDELETABLE');
    expect(treasurer.client.member.avatars.map((a) => a.name)).toContain('Kept');
    await treasurer.client.readKeyring();
    expect(treasurer.client.member.avatars.map((a) => a.name)).toContain('Kept');
  });
});
