import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('account.sessions.revoke', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('revokes the account’s own sessions only', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const laptop = new IlotClient(server.url);
    await laptop.signIn(bob.orgCode, bob.passphrase);
    const { sessions } = await bob.client.call('account.sessions.list');
    const theirs = sessions.find((s) => !s.current)!;
    expect((await refusal(treasurer.client.call('account.sessions.revoke', { id: theirs.id }))).code).toBe('SESSION_NOT_FOUND');
    await bob.client.call('account.sessions.revoke', { id: theirs.id });
    expect((await refusal(laptop.call('account.show'))).code).toBe('SESSION_INVALID');
    expect((await bob.client.call('account.sessions.list')).sessions).toHaveLength(1);
    expect((await refusal(bob.client.call('account.sessions.revoke', { id: theirs.id }))).code).toBe('SESSION_NOT_FOUND');
  });
});
