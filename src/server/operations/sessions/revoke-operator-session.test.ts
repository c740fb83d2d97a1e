import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('operator.sessions.revoke', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('lets an admin end a session, not an observer; the session stops working, and the change is audited', async () => {
    const alice = await operatorClient(server.url, 'alice');
    const oscar = await operatorClient(server.url, 'oscar');
    const { sessions } = await oscar.call('operator.sessions.list');
    const oscarSession = sessions.find((s) => s.current)!;
    const aliceSession = sessions.find((s) => s.operator === 'alice')!;
    expect((await refusal(oscar.call('operator.sessions.revoke', { id: aliceSession.id }))).code).toBe('FORBIDDEN');
    await alice.call('operator.sessions.revoke', { id: oscarSession.id });
    expect((await refusal(oscar.call('operator.sessions.list'))).code).toBe('SESSION_INVALID');
    expect((await refusal(alice.call('operator.sessions.revoke', { id: oscarSession.id }))).code).toBe('SESSION_NOT_FOUND');
    const audited = await server.store.db
      .selectFrom('audit_entries')
      .select(['actor', 'target', 'result'])
      .where('action', '=', 'operator.sessions.revoke')
      .orderBy('seq')
      .execute();
    expect(audited.map((e) => [e.actor, e.result])).toEqual([
      ['oscar', 'error'],
      ['alice', 'ok'],
      ['alice', 'error'],
    ]);
    expect(audited[1]!.target).toBe(`session:${oscarSession.id}`);
  });
});
