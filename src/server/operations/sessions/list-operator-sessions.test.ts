import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('operator.sessions.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('lists the open operator sessions to observers too, with their operator and role, and none of the members’', async () => {
    const alice = await operatorClient(server.url, 'alice');
    const oscar = await operatorClient(server.url, 'oscar');
    const treasurer = await spaceWithTreasurer(server.url);
    const { sessions } = await oscar.call('operator.sessions.list');
    expect(sessions.filter((s) => s.current).map((s) => [s.operator, s.role])).toEqual([['oscar', 'observer']]);
    expect(new Set(sessions.map((s) => s.operator))).toEqual(new Set(['alice', 'oscar']));
    expect((await alice.call('operator.sessions.list')).sessions).toHaveLength(sessions.length);
    expect((await refusal(treasurer.client.call('operator.sessions.list'))).code).toBe('FORBIDDEN');
  });
});
