import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient, IlotClientError } from '../../../client/client.js';
import { openAvatarPrivateKeys } from '../../../client/account-keys.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };
const sponsorshipPhrase = 'la phrase de sponsoring du comptable';
const treasurerPhrase = 'ma phrase secrète de comptable, longue';


describeEngines('spaces and treasurer bootstrap', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  let oscar: IlotClient;

  beforeAll(async () => {
    server = await startTestServer(engine, { maxSpaces: 3, ...(await withOperators()) });
    alice = await operatorClient(server.url, 'alice');
    oscar = await operatorClient(server.url, 'oscar');
  });
  afterAll(() => server.stop());
  afterEach(async () => {
    const db = server.store.db;
    for (const table of ['contacts', 'avatars', 'accounts', 'sponsorships', 'phrase_prefixes', 'partitions', 'tasks', 'audit_entries'] as const) await db.deleteFrom(table).execute();
    await db.deleteFrom('sessions').where('space_id', '>=', 10).execute();
    await db.deleteFrom('spaces').where('id', '>=', 10).execute();
  });

  const spaceCount = async () => (await server.store.db.selectFrom('spaces').select('id').where('id', '>=', 10).execute()).length;
  const siteAudit = () => server.store.db.selectFrom('audit_entries').selectAll().where('space_id', '=', 0).orderBy('seq').execute();

  it('opens a space at once, numbered from 10, listed with its state, quotas and usage, and audited', async () => {
    expect(await alice.openSpace('asso1', quotas, sponsorshipPhrase)).toEqual({ orgCode: 'asso1', number: 10 });
    expect(await alice.openSpace('asso1demo', quotas, 'another sponsorship phrase, for the demo')).toEqual({ orgCode: 'asso1demo', number: 11 });
    const { spaces } = await oscar.call<{ spaces: { orgCode: string; number: number; state: string; quotas: object; usage: object }[] }>('space.list');
    expect(spaces.map((s) => [s.orgCode, s.number, s.state])).toEqual([
      ['asso1', 10, 'open'],
      ['asso1demo', 11, 'open'],
    ]);
    expect(spaces[0]).toMatchObject({ quotas, usage: { accounts: 0 } });
    const [entry] = (await siteAudit()).filter((e) => e.action === 'space.open');
    expect(entry).toMatchObject({ actor: 'alice', role: 'operator:admin', target: 'asso1', result: 'ok' });
    expect(JSON.parse(entry!.details!)).toEqual({ number: 10, quotas });
  });

  it('refuses bad, reserved and taken org codes, and opening past the limit; nothing is written', async () => {
    for (const orgCode of ['abc', 'thirteenchars', 'Asso', 'as-so', 'asso_1']) {
      expect((await refusal(alice.openSpace(orgCode, quotas, sponsorshipPhrase))).code).toBe('VALIDATION_FAILED');
    }
    expect((await refusal(alice.openSpace('admin', quotas, sponsorshipPhrase))).code).toBe('ORG_CODE_RESERVED');
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    expect((await refusal(alice.openSpace('asso1', quotas, 'a different sponsorship phrase here'))).code).toBe('ORG_CODE_TAKEN');
    await alice.openSpace('asso2', quotas, sponsorshipPhrase);
    await alice.openSpace('asso3', quotas, sponsorshipPhrase);
    const limit = await refusal(alice.openSpace('asso4', quotas, sponsorshipPhrase));
    expect([limit.code, limit.details]).toEqual(['SPACE_LIMIT_REACHED', { maxSpaces: 3 }]);
    expect((await refusal(alice.call('space.open', { orgCode: 'asso5', quotas: { ...quotas, maxAccounts: 0 }, sponsorship: { prefixId: 'x', authKey: 'y' } }))).code).toBe('VALIDATION_FAILED');
    expect(await spaceCount()).toBe(3);
    expect((await siteAudit()).filter((e) => e.result === 'error').map((e) => e.error_code)).toEqual(['ORG_CODE_RESERVED', 'ORG_CODE_TAKEN', 'SPACE_LIMIT_REACHED']);
  });

  it('lets observers read spaces but not change them', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    expect((await oscar.call<{ orgCode: string }>('space.show', { orgCode: 'asso1' })).orgCode).toBe('asso1');
    expect((await refusal(oscar.openSpace('asso2', quotas, sponsorshipPhrase))).code).toBe('FORBIDDEN');
    expect((await refusal(oscar.call('space.setFrozen', { orgCode: 'asso1', frozen: true }))).code).toBe('FORBIDDEN');
    expect(await spaceCount()).toBe(1);
    expect((await refusal(new IlotClient(server.url).call('space.list'))).code).toBe('AUTH_REQUIRED');
  });

  it('changes quotas, notification, sign-in ban, read-only and frozen; closes; a closed space no longer changes', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    const changed = { ...quotas, documents: 10 };
    expect((await alice.call<{ quotas: object }>('space.setQuotas', { orgCode: 'asso1', quotas: changed })).quotas).toEqual(changed);
    expect((await alice.call<{ notification: string }>('space.setNotification', { orgCode: 'asso1', text: 'Maintenance samedi' })).notification).toBe('Maintenance samedi');
    expect((await alice.call<{ signinBanAt: number }>('space.setSigninBan', { orgCode: 'asso1', from: 1_900_000_000_000 })).signinBanAt).toBe(1_900_000_000_000);
    expect((await alice.call<{ state: string }>('space.setReadOnly', { orgCode: 'asso1', readOnly: true })).state).toBe('read-only');
    expect((await alice.call<{ state: string }>('space.setFrozen', { orgCode: 'asso1', frozen: true })).state).toBe('frozen');
    expect((await alice.call<{ state: string }>('space.setFrozen', { orgCode: 'asso1', frozen: false })).state).toBe('read-only');
    const closed = await alice.call<{ state: string; closingMessage: string; newAddress: string }>('space.close', { orgCode: 'asso1', message: 'Nous avons déménagé', newAddress: 'https://ilot.example.org' });
    expect(closed).toMatchObject({ state: 'closed', closingMessage: 'Nous avons déménagé', newAddress: 'https://ilot.example.org' });
    expect((await server.store.db.selectFrom('spaces').select('purge_requested_at').where('org_code', '=', 'asso1').executeTakeFirstOrThrow()).purge_requested_at).not.toBeNull();
    expect((await refusal(alice.call('space.setReadOnly', { orgCode: 'asso1', readOnly: false }))).code).toBe('SPACE_CLOSED');
    expect((await refusal(alice.call('space.show', { orgCode: 'nope' }))).code).toBe('SPACE_NOT_FOUND');
    expect((await siteAudit()).map((e) => e.action)).toEqual(['space.open', 'space.setQuotas', 'space.setNotification', 'space.setSigninBan', 'space.setReadOnly', 'space.setFrozen', 'space.setFrozen', 'space.close', 'space.setReadOnly']);
  });

  it('lets the treasurer read the conditions, create the account once, then sign in and open its keys', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    const bodies: string[] = [];
    const spying: typeof fetch = async (url, init) => {
      bodies.push(String(init?.body ?? ''));
      return fetch(url, init);
    };
    const person = new IlotClient(server.url, { fetch: spying });
    expect((await person.viewTreasurerSponsorship('asso1', sponsorshipPhrase)).quotas).toEqual(quotas);
    expect((await refusal(person.viewTreasurerSponsorship('asso1', 'not the sponsorship phrase at all'))).code).toBe('SPONSORSHIP_INVALID');
    const created = await person.createTreasurer('asso1', sponsorshipPhrase, treasurerPhrase);
    expect(created.avatarName).toBe('Treasurer');
    expect(created.accountId).toMatch(/^102\d{13}$/);
    expect(created.avatarId).toMatch(/^103\d{13}$/);
    expect((await refusal(person.createTreasurer('asso1', sponsorshipPhrase, 'yet another passphrase for a second one'))).code).toBe('SPONSORSHIP_INVALID');

    const treasurer = new IlotClient(server.url, { fetch: spying });
    const account = await treasurer.signIn('asso1', treasurerPhrase);
    const sent = bodies.join('\n');
    for (const secret of [sponsorshipPhrase, treasurerPhrase, treasurerPhrase.slice(0, 12)]) expect(sent).not.toContain(secret);
    expect(account).toMatchObject({ id: created.accountId, roles: ['treasurer'], avatars: [{ id: created.avatarId, name: 'Treasurer' }] });
    expect(account.keys.spaceKey).not.toBeNull();
    const privateKeys = await openAvatarPrivateKeys(account.keys.accountKey, account.avatars[0]!.wrappedPrivateKeys);
    expect(privateKeys.signing.length).toBeGreaterThan(100);
    expect((await refusal(new IlotClient(server.url).signIn('asso1', 'a wrong passphrase, but long enough'))).code).toBe('SIGNIN_FAILED');
    const usage = await alice.call<{ usage: { accounts: number } }>('space.show', { orgCode: 'asso1' });
    expect(usage.usage.accounts).toBe(1);
  });

  it('lets only one of two concurrent uses win: same org code, same sponsorship', async () => {
    const opens = await Promise.allSettled([alice.openSpace('asso1', quotas, sponsorshipPhrase), alice.openSpace('asso1', quotas, 'the other sponsorship phrase for asso1')]);
    expect(opens.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as IlotClientError).code)).sort()).toEqual(['ORG_CODE_TAKEN', 'ok']);
    const sponsorship = opens[0]!.status === 'fulfilled' ? sponsorshipPhrase : 'the other sponsorship phrase for asso1';
    const creations = await Promise.allSettled([
      new IlotClient(server.url).createTreasurer('asso1', sponsorship, treasurerPhrase),
      new IlotClient(server.url).createTreasurer('asso1', sponsorship, 'a second treasurer would be one too many'),
    ]);
    expect(creations.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as IlotClientError).code)).sort()).toEqual(['SPONSORSHIP_INVALID', 'ok']);
    expect(await server.store.db.selectFrom('accounts').selectAll().execute()).toHaveLength(1);
  });

  it('lets only one of two concurrent openings take the last place', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    await alice.openSpace('asso2', quotas, sponsorshipPhrase);
    const opens = await Promise.allSettled([alice.openSpace('asso3', quotas, sponsorshipPhrase), alice.openSpace('asso4', quotas, sponsorshipPhrase)]);
    expect(opens.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as IlotClientError).code)).sort()).toEqual(['SPACE_LIMIT_REACHED', 'ok']);
    expect(await spaceCount()).toBe(3);
  });

  it('refuses a passphrase that starts like the sponsorship phrase, writing nothing', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    const error = await refusal(new IlotClient(server.url).createTreasurer('asso1', sponsorshipPhrase, sponsorshipPhrase.slice(0, 12) + ' mais la suite diffère'));
    expect(error.code).toBe('PHRASE_TOO_CLOSE');
    expect(await server.store.db.selectFrom('accounts').selectAll().execute()).toEqual([]);
    expect((await server.store.db.selectFrom('sponsorships').select('used_at').executeTakeFirstOrThrow()).used_at).toBeNull();
  });

  it('enforces the space state: frozen refuses the creation, the ban refuses sign-ins, a closed space shows only its message', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    await alice.call('space.setFrozen', { orgCode: 'asso1', frozen: true });
    expect((await refusal(new IlotClient(server.url).createTreasurer('asso1', sponsorshipPhrase, treasurerPhrase))).code).toBe('SPACE_FROZEN');
    await alice.call('space.setFrozen', { orgCode: 'asso1', frozen: false });
    await new IlotClient(server.url).createTreasurer('asso1', sponsorshipPhrase, treasurerPhrase);
    const treasurer = new IlotClient(server.url);
    await treasurer.signIn('asso1', treasurerPhrase);

    await alice.call('space.setSigninBan', { orgCode: 'asso1', from: Date.now() - 1000 });
    expect((await refusal(new IlotClient(server.url).signIn('asso1', treasurerPhrase))).code).toBe('SIGNIN_BANNED');
    expect((await refusal(treasurer.signOut())).code).toBe('SIGNIN_BANNED');
    await alice.call('space.setSigninBan', { orgCode: 'asso1', from: null });

    await alice.call('space.close', { orgCode: 'asso1', message: 'Espace fermé, voir le site' });
    const closed = await refusal(new IlotClient(server.url).signIn('asso1', treasurerPhrase));
    expect([closed.code, closed.message, closed.details]).toEqual(['SPACE_CLOSED', 'Espace fermé, voir le site', { message: 'Espace fermé, voir le site', newAddress: null }]);
  });

  it('keeps sessions in their space: a treasurer naming another space is refused and audited; operator routes are closed to members', async () => {
    await alice.openSpace('asso1', quotas, sponsorshipPhrase);
    await alice.openSpace('asso2', quotas, 'the sponsorship phrase of the second space');
    await new IlotClient(server.url).createTreasurer('asso1', sponsorshipPhrase, treasurerPhrase);
    const treasurer = new IlotClient(server.url);
    await treasurer.signIn('asso1', treasurerPhrase);
    const cross = await refusal(treasurer.viewTreasurerSponsorship('asso2', 'the sponsorship phrase of the second space'));
    expect([cross.code, cross.status]).toEqual(['CROSS_SPACE', 403]);
    const entry = await server.store.db.selectFrom('audit_entries').selectAll().where('error_code', '=', 'CROSS_SPACE').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ space_id: 10, action: 'sponsorship.viewTreasurer' });
    for (const operation of ['space.list', 'space.show', 'space.open', 'space.setQuotas', 'space.setNotification', 'space.setSigninBan', 'space.setReadOnly', 'space.setFrozen', 'space.close', 'operator.sessions.list', 'operator.sessions.revoke']) {
      const response = await fetch(`${server.url}/api/ops/${operation}`, { method: 'POST', headers: { authorization: `Bearer ${(treasurer as unknown as { token: string }).token}`, 'content-type': 'application/json' }, body: '{}' });
      expect([operation, response.status]).toEqual([operation, response.status === 400 ? 400 : 403]);
    }
  });
});
