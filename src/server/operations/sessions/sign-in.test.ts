import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient, IlotClientError } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorPhrases, refusal, testArgon2 as argon2, verifierFor as verifier } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const { alice: alicePhrase, oscar: oscarPhrase } = operatorPhrases;

describeEngines('operator sign-in and sessions', (engine) => {
  let server: TestServer;
  const client = () => new IlotClient(server.url);

  beforeAll(async () => {
    server = await startTestServer(engine, {
      crypto: { argon2 },
      sessions: { maxFailedSignIns: 3 },
      operators: [
        { name: 'alice', role: 'admin', verifier: await verifier(alicePhrase) },
        { name: 'oscar', role: 'observer', verifier: await verifier(oscarPhrase) },
      ],
    });
  });
  afterAll(() => server.stop());

  const audit = () => server.store.db.selectFrom('audit_entries').selectAll().where('action', '=', 'session.signIn').orderBy('seq').execute();

  it('signs an operator in with keys derived on the client; the passphrase never leaves it', async () => {
    const bodies: string[] = [];
    const spy = new IlotClient(server.url, {
      fetch: async (url, init) => {
        bodies.push(String(init?.body ?? ''));
        return fetch(url, init);
      },
    });
    expect(await spy.signInOperator(alicePhrase)).toEqual({ name: 'alice', role: 'admin' });
    const sponsorship = 'the sponsorship phrase given to the treasurer';
    await spy.openSpace('spied', { documents: 1, volumeBytes: 1, monthlyCents: 1, maxAccounts: 1 }, sponsorship);
    const sent = bodies.join('\n');
    for (const secret of [alicePhrase, alicePhrase.slice(0, 12), sponsorship, sponsorship.slice(0, 12)]) expect(sent).not.toContain(secret);
    expect(sent).toContain('"orgCode":"admin"');
    expect(sent).toContain('"orgCode":"spied"');
    const { sessions } = await spy.call<{ sessions: { operator: string; current: boolean }[] }>('operator.sessions.list');
    expect(sessions.filter((s) => s.current)).toEqual([expect.objectContaining({ operator: 'alice' })]);
    const [entry] = (await audit()).filter((e) => e.result === 'ok');
    expect(entry).toMatchObject({ space_id: 0, target: 'alice', address: '127.0.0.1' });
  });

  it('refuses a wrong passphrase or org code alike, after at least a second, and audits it', async () => {
    const started = Date.now();
    const [wrong, elsewhere] = await Promise.all([refusal(client().signInOperator('not the phrase of any operator at all')), refusal(client().call('session.signIn', { orgCode: 'zzzz', prefixId: 'a'.repeat(43), authKey: 'b'.repeat(43) }))]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect([wrong.code, wrong.status, elsewhere.code]).toEqual(['SIGNIN_FAILED', 401, 'SIGNIN_FAILED']);
    expect((await audit()).filter((e) => e.result === 'error').map((e) => e.error_code)).toEqual(['SIGNIN_FAILED', 'SIGNIN_FAILED']);
    await server.store.db.deleteFrom('audit_entries').execute();
  });

  it('lets observers list sessions but not revoke them; an admin revokes, and the session stops working', async () => {
    const alice = client();
    await alice.signInOperator(alicePhrase);
    const oscar = client();
    expect(await oscar.signInOperator(oscarPhrase)).toEqual({ name: 'oscar', role: 'observer' });
    const { sessions } = await oscar.call<{ sessions: { id: string; operator: string; current: boolean }[] }>('operator.sessions.list');
    const oscarSession = sessions.find((s) => s.current)!;
    const aliceSession = sessions.find((s) => s.operator === 'alice')!;
    expect((await refusal(oscar.call('operator.sessions.revoke', { id: aliceSession.id }))).code).toBe('FORBIDDEN');
    await alice.call('operator.sessions.revoke', { id: oscarSession.id });
    expect((await refusal(oscar.call('operator.sessions.list'))).code).toBe('SESSION_INVALID');
    expect((await refusal(alice.call('operator.sessions.revoke', { id: oscarSession.id }))).code).toBe('SESSION_NOT_FOUND');
  });

  it('ends a session at sign-out and at expiry', async () => {
    const alice = client();
    await alice.signInOperator(alicePhrase);
    await alice.signOut();
    expect(alice.signedIn).toBe(false);
    const again = client();
    await again.signInOperator(alicePhrase);
    await server.store.db.updateTable('sessions').set({ expires_at: Date.now() - 1 }).where('revoked_at', 'is', null).execute();
    expect((await refusal(again.call('operator.sessions.list'))).code).toBe('SESSION_INVALID');
  });

  it('refuses malformed or forged tokens', async () => {
    for (const authorization of ['Bearer nonsense', 'Basic abc', `Bearer 0.${'a'.repeat(22)}.${'b'.repeat(43)}`]) {
      const response = await fetch(`${server.url}/api/ops/operator.sessions.list`, { method: 'POST', headers: { authorization } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('SESSION_INVALID');
    }
  });

  it('throttles an address after repeated failures, even with the right passphrase', async () => {
    const throttled = await startTestServer(engine, { crypto: { argon2 }, sessions: { maxFailedSignIns: 2 }, operators: [{ name: 'alice', role: 'admin', verifier: await verifier(alicePhrase) }] });
    try {
      const c = new IlotClient(throttled.url);
      for (let i = 0; i < 2; i++) expect((await refusal(c.signInOperator('a wrong phrase, long enough to be tried'))).code).toBe('SIGNIN_FAILED');
      const refused = await refusal(c.signInOperator(alicePhrase));
      expect([refused.code, refused.status]).toEqual(['SIGNIN_THROTTLED', 429]);
    } finally {
      await throttled.stop();
    }
  });

  it('publishes the key-derivation parameters to clients', async () => {
    expect(await client().siteParameters()).toMatchObject({ site: 'Ilot', argon2 });
  });
});
