import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('session.signOut', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('ends the operator’s own session only', async () => {
    const alice = await operatorClient(server.url, 'alice');
    const token = alice.sessionToken;
    const again = await operatorClient(server.url, 'alice');
    await alice.signOut();
    expect(alice.signedIn).toBe(false);
    const reply = await server.call('operator.sessions.list', {}, { authorization: `Bearer ${token}` });
    expect([reply.status, reply.body.code]).toEqual([401, 'SESSION_INVALID']);
    expect((await again.call('operator.sessions.list')).sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('ends a member’s session, its other sessions going on', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const other = new IlotClient(server.url);
    await other.signIn(treasurer.orgCode, treasurer.passphrase);
    await other.signOut();
    expect(other.account).toBeUndefined();
    expect((await treasurer.client.call('account.sessions.list')).sessions).toHaveLength(1);
  });

  it('signs out a client whose session the site already ended, without an error', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const other = new IlotClient(server.url);
    await other.signIn(treasurer.orgCode, treasurer.passphrase);
    const { sessions } = await other.call('account.sessions.list');
    await treasurer.client.call('account.sessions.revoke', { id: sessions.find((s) => s.current)!.id });

    await other.signOut();
    expect([other.signedIn, other.account]).toEqual([false, undefined]);
  });

  it('needs a session', async () => {
    expect((await refusal(new IlotClient(server.url).call('session.signOut'))).code).toBe('AUTH_REQUIRED');
  });
});
