import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { createAvatar } from '../../../client/membership.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import {
  operatorPhrases,
  refusal,
  testArgon2 as argon2,
  verifierFor as verifier,
  withOperators,
} from '../../../../test/support/operators.js';
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

  const audit = () =>
    server.store.db.selectFrom('audit_entries').selectAll().where('action', '=', 'session.signIn').orderBy('seq').execute();

  it('signs an operator in with keys derived on the client; the passphrase never leaves it', async () => {
    const bodies: string[] = [];
    const spy = new IlotClient(server.url, {
      fetch: async (url, init) => {
        bodies.push(typeof init?.body === 'string' ? init.body : '');
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
    const { sessions } = await spy.call('operator.sessions.list');
    expect(sessions.filter((s) => s.current)).toEqual([expect.objectContaining({ operator: 'alice' })]);
    const [entry] = (await audit()).filter((e) => e.result === 'ok');
    expect(entry).toMatchObject({ space_id: 0, target: 'alice', address: '127.0.0.1' });
  });

  it('refuses a wrong passphrase or org code alike, after at least a second, and audits it', async () => {
    const started = Date.now();
    const [wrong, elsewhere] = await Promise.all([
      refusal(client().signInOperator('not the phrase of any operator at all')),
      refusal(client().call('session.signIn', { orgCode: 'zzzz', prefixId: 'a'.repeat(43), authKey: 'b'.repeat(43) })),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect([wrong.code, wrong.status, elsewhere.code]).toEqual(['SIGNIN_FAILED', 401, 'SIGNIN_FAILED']);
    expect((await audit()).filter((e) => e.result === 'error').map((e) => e.error_code)).toEqual(['SIGNIN_FAILED', 'SIGNIN_FAILED']);
    await server.store.db.deleteFrom('audit_entries').execute();
  });

  it('stops accepting a session at its expiry', async () => {
    const alice = client();
    await alice.signInOperator(alicePhrase);
    await server.store.db
      .updateTable('sessions')
      .set({ expires_at: Date.now() - 1 })
      .where('revoked_at', 'is', null)
      .execute();
    expect((await refusal(alice.call('operator.sessions.list'))).code).toBe('SESSION_INVALID');
  });

  it('refuses malformed or forged tokens', async () => {
    for (const authorization of ['Bearer nonsense', 'Basic abc', `Bearer 0.${'a'.repeat(22)}.${'b'.repeat(43)}`]) {
      const response = await fetch(`${server.url}/api/ops/operator.sessions.list`, { method: 'POST', headers: { authorization } });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('SESSION_INVALID');
    }
  });

  it('throttles an address after repeated failures, even with the right passphrase', async () => {
    const throttled = await startTestServer(engine, {
      crypto: { argon2 },
      sessions: { maxFailedSignIns: 2 },
      operators: [{ name: 'alice', role: 'admin', verifier: await verifier(alicePhrase) }],
    });
    try {
      const c = new IlotClient(throttled.url);
      for (let i = 0; i < 2; i++)
        expect((await refusal(c.signInOperator('a wrong phrase, long enough to be tried'))).code).toBe('SIGNIN_FAILED');
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

describeEngines('member sign-in', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested above.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('answers every failed member sign-in alike and no sooner than a second: unknown space, unknown prefix, wrong key', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const keys = await treasurer.client.phraseKeys(treasurer.passphrase, treasurer.orgCode);
    const attempts = [
      { orgCode: 'nosuchspace', ...keys },
      { orgCode: treasurer.orgCode, prefixId: 'a'.repeat(43), authKey: keys.authKey },
      { orgCode: treasurer.orgCode, prefixId: keys.prefixId, authKey: 'b'.repeat(43) },
    ];
    const started = Date.now();
    const answers = await Promise.all(attempts.map((input) => server.call('session.signIn', input)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(answers.map((a) => [a.status, a.body])).toEqual(
      attempts.map(() => [401, { code: 'SIGNIN_FAILED', message: 'The org code or the passphrase is not right.' }]),
    );
  });

  it('extends the lifetime at each sign-in by the space option, except in a frozen space; the treasurer never expires', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    expect(treasurer.client.member.expiresAt).toBeNull();
    const bob = await sponsored(treasurer, 'Bob');
    expect(bob.client.member.expiresAt).toBe(lifetimeEnd(Date.now(), 12));
    await treasurer.client.call('space.setOptions', { lifetimeMonths: 3 });
    expect((await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase)).expiresAt).toBe(lifetimeEnd(Date.now(), 3));
    expect((await refusal(treasurer.client.call('space.setOptions', { lifetimeMonths: 5 as never }))).code).toBe('VALIDATION_FAILED');

    const accountRow = () => server.store.db.selectFrom('accounts').selectAll().where('id', '=', bob.client.member.id).executeTakeFirst();
    await server.store.db.updateTable('accounts').set({ expires_at: 1 }).where('id', '=', bob.client.member.id).execute();
    await treasurer.operator.call('space.setFrozen', { orgCode: bob.orgCode, frozen: true });
    // Signing in still works under a frozen space (to consult), without extending the account.
    expect((await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase)).expiresAt).toBe(1);
    expect((await accountRow())?.expires_at).toBe(1);
    expect((await refusal(createAvatar(bob.client, 'Frozen'))).code).toBe('SPACE_FROZEN');
    await treasurer.operator.call('space.setFrozen', { orgCode: bob.orgCode, frozen: false });
  });

  it('gives the account its wrapped keys and its avatars, the primary first', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const second = await createAvatar(bob.client, 'Robert');
    const again = await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase);
    expect(again.avatars.map((a) => [a.id, a.name])).toEqual([
      [bob.client.member.avatars[0]!.id, 'Bob'],
      [second.id, 'Robert'],
    ]);
    expect(again).toMatchObject({
      id: bob.client.member.id,
      roles: [],
      kind: 'O',
      wrappedSpaceKey: null,
      notifications: [],
      restrictions: [],
    });
  });
  it('signs a client in again once its session was revoked elsewhere: public operations ignore a dead token, member ones refuse it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const first = new IlotClient(server.url);
    await first.signIn(treasurer.orgCode, treasurer.passphrase);
    const dead = { authorization: `Bearer ${first.sessionToken}` };
    const { sessions } = await first.call('account.sessions.list');
    await treasurer.client.call('account.sessions.revoke', { id: sessions.find((s) => s.current)!.id });

    expect((await first.signIn(treasurer.orgCode, treasurer.passphrase)).id).toBe(treasurer.client.member.id);
    expect((await first.call('account.sessions.list')).sessions).toHaveLength(2);
    const keys = await first.phraseKeys(treasurer.passphrase, treasurer.orgCode);
    expect((await server.call('session.signIn', { orgCode: treasurer.orgCode, ...keys }, dead)).status).toBe(200);
    expect((await server.call('ping', {}, dead)).status).toBe(200);
    expect((await server.call('account.show', {}, dead)).body.code).toBe('SESSION_INVALID');
  });

  it('signs the client out when the site says its session ended', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const first = new IlotClient(server.url);
    await first.signIn(treasurer.orgCode, treasurer.passphrase);
    const { sessions } = await first.call('account.sessions.list');
    await treasurer.client.call('account.sessions.revoke', { id: sessions.find((s) => s.current)!.id });

    expect((await refusal(first.call('account.show'))).code).toBe('SESSION_INVALID');
    expect([first.signedIn, first.account]).toEqual([false, undefined]);
    expect((await refusal(first.call('account.show'))).code).toBe('AUTH_REQUIRED');
  });

  it('counts only wrong secrets against the address: the refusals of a dead session do not', async () => {
    const strict = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 2 } });
    try {
      const treasurer = await spaceWithTreasurer(strict.url);
      const dead = { authorization: `Bearer ${treasurer.client.sessionToken}` };
      await treasurer.client.signOut();
      const phrase = { prefixId: 'p'.repeat(43), authKey: 'a'.repeat(43) };
      for (let i = 0; i < 3; i++) expect((await strict.call('contact.lookup', { phrase }, dead)).body.code).toBe('SESSION_INVALID');
      await new IlotClient(strict.url).signIn(treasurer.orgCode, treasurer.passphrase);
    } finally {
      await strict.stop();
    }
  });
});
