import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { createAvatar, deleteAccount, deleteAvatar } from '../../../client/membership.js';
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
    const purges = await server.store.db
      .selectFrom('tasks')
      .select(['kind', 'target'])
      .where('target', 'in', [bobId, primary, second.id, third.id])
      .execute();
    expect(purges.map((p) => `${p.kind}:${p.target}`).sort()).toEqual(
      [`purge.account:${bobId}`, `purge.avatar:${primary}`, `purge.avatar:${second.id}`, `purge.avatar:${third.id}`].sort(),
    );

    expect((await refusal(deleteAccount(treasurer.client, treasurer.passphrase))).code).toBe('TREASURER_UNDELETABLE');
  });
});
