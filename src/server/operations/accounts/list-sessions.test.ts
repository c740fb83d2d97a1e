import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('account.sessions.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('lists the account’s own open sessions, marking the current one', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const laptop = new IlotClient(server.url, {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'user-agent': 'Bob laptop' } }),
    });
    await laptop.signIn(bob.orgCode, bob.passphrase);
    const { sessions } = await bob.client.call('account.sessions.list');
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => !s.current)).toMatchObject({ address: '127.0.0.1', userAgent: 'Bob laptop' });
    const { sessions: treasurerSessions } = await treasurer.client.call('account.sessions.list');
    expect(treasurerSessions.map((s) => s.id)).not.toContain(sessions[0]!.id);
    expect(treasurerSessions.map((s) => s.id)).not.toContain(sessions[1]!.id);
  });
});
