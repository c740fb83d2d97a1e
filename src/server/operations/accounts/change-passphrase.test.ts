import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { changePassphrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('account.changePassphrase', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const accountRow = (id: string) => server.store.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();

  it('changes the passphrase given the current one: the old no longer signs in, open sessions go on', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const before = await accountRow(bob.client.member.id);
    expect((await refusal(changePassphrase(bob.client, 'this is not the current passphrase', 'whatever comes next here'))).code).toBe(
      'PASSPHRASE_WRONG',
    );
    // The new one may not start like another phrase of the space (the treasurer's).
    expect(
      (await refusal(changePassphrase(bob.client, bob.passphrase, treasurer.passphrase.slice(0, 12) + ' then my own words'))).code,
    ).toBe('PHRASE_TOO_CLOSE');
    expect(await accountRow(bob.client.member.id)).toEqual(before);

    const next = 'Bob now signs in with this new passphrase';
    const { localId } = await changePassphrase(bob.client, bob.passphrase, next);
    expect((await refusal(new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase))).code).toBe('SIGNIN_FAILED');
    // What a browser kept of the account moves under the local id the new passphrase looks it up by.
    let lookedUp = '';
    const again = await new IlotClient(server.url).signIn(bob.orgCode, next, (id) => {
      lookedUp = id;
      return Promise.resolve(undefined);
    });
    expect(again.id).toBe(bob.client.member.id);
    expect(lookedUp).toBe(localId);
    // The old session still works, and the account key is the same one, re-wrapped.
    expect(await bob.client.call('account.show')).toMatchObject({ id: bob.client.member.id });
    expect(again.avatars).toEqual(bob.client.member.avatars);
    // The old prefix is free again.
    await changePassphrase(bob.client, next, bob.passphrase);
  });

  it('checks the current passphrase itself, whatever the client says', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const keys = await treasurer.client.phraseKeys(treasurer.passphrase, treasurer.orgCode);
    const wrong = await refusal(
      treasurer.client.call('account.changePassphrase', {
        current: { prefixId: keys.prefixId, authKey: 'c'.repeat(43) },
        next: { ...keys, wrappedAccountKey: 'AAAA' },
      }),
    );
    expect(wrong.code).toBe('PASSPHRASE_WRONG');
  });
});
