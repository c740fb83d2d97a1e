import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { changePassphrase, createAvatar, deleteAccount, deleteAvatar } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { lifetimeEnd } from './lifetime.js';

describe('account lifetime', () => {
  it('ends at the last millisecond of the month, months later', () => {
    expect(new Date(lifetimeEnd(Date.UTC(2026, 10, 21, 13), 12)).toISOString()).toBe('2027-11-30T23:59:59.999Z');
    expect(new Date(lifetimeEnd(Date.UTC(2026, 0, 31), 1)).toISOString()).toBe('2026-02-28T23:59:59.999Z');
    expect(new Date(lifetimeEnd(Date.UTC(2026, 11, 1), 3)).toISOString()).toBe('2027-03-31T23:59:59.999Z');
  });
});

describeEngines('accounts', (engine) => {
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
    expect((await refusal(changePassphrase(bob.client, 'this is not the current passphrase', 'whatever comes next here'))).code).toBe('PASSPHRASE_WRONG');
    // The new one may not start like another phrase of the space (the treasurer's).
    expect((await refusal(changePassphrase(bob.client, bob.passphrase, treasurer.passphrase.slice(0, 12) + ' then my own words'))).code).toBe('PHRASE_TOO_CLOSE');
    expect(await accountRow(bob.client.member.id)).toEqual(before);

    const next = 'Bob now signs in with this new passphrase';
    await changePassphrase(bob.client, bob.passphrase, next);
    expect((await refusal(new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase))).code).toBe('SIGNIN_FAILED');
    const again = await new IlotClient(server.url).signIn(bob.orgCode, next);
    expect(again.id).toBe(bob.client.member.id);
    // The old session still works, and the account key is the same one, re-wrapped.
    expect(await bob.client.call('account.show')).toMatchObject({ id: bob.client.member.id });
    expect(again.avatars).toEqual(bob.client.member.avatars);
    // The old prefix is free again.
    await changePassphrase(bob.client, next, bob.passphrase);
  });

  it('extends the lifetime at each sign-in by the space option, except in a frozen space; the treasurer never expires', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    expect(treasurer.client.member.expiresAt).toBeNull();
    const bob = await sponsored(treasurer, 'Bob');
    expect(bob.client.member.expiresAt).toBe(lifetimeEnd(Date.now(), 12));
    await treasurer.client.call('space.setOptions', { lifetimeMonths: 3 });
    expect((await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase)).expiresAt).toBe(lifetimeEnd(Date.now(), 3));
    expect((await refusal(treasurer.client.call('space.setOptions', { lifetimeMonths: 5 }))).code).toBe('VALIDATION_FAILED');

    await server.store.db.updateTable('accounts').set({ expires_at: 1 }).where('id', '=', bob.client.member.id).execute();
    await treasurer.operator.call('space.setFrozen', { orgCode: bob.orgCode, frozen: true });
    // Signing in still works under a frozen space (to consult), without extending the account.
    expect((await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase)).expiresAt).toBe(1);
    expect((await accountRow(bob.client.member.id))?.expires_at).toBe(1);
    expect((await refusal(createAvatar(bob.client, 'Frozen'))).code).toBe('SPACE_FROZEN');
    await treasurer.operator.call('space.setFrozen', { orgCode: bob.orgCode, frozen: false });
  });

  it('deletes an account once its secondary avatars are gone: sessions end at once, the purge is queued; the treasurer stays', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const second = await createAvatar(bob.client, 'Robert');
    expect((await refusal(deleteAccount(bob.client, bob.passphrase))).code).toBe('AVATARS_REMAIN');
    expect((await refusal(deleteAccount(bob.client, 'not the passphrase of Bob at all'))).code).toBe('PASSPHRASE_WRONG');
    expect(await accountRow(bob.client.member.id)).toBeDefined();
    const primary = bob.client.member.avatars[0]!.id;
    expect((await refusal(bob.client.call('avatar.delete', { avatarId: primary }))).code).toBe('AVATAR_PRIMARY');
    expect((await refusal(treasurer.client.call('avatar.delete', { avatarId: second.id }))).code).toBe('AVATAR_NOT_FOUND');
    await deleteAvatar(bob.client, second.id);

    const other = new IlotClient(server.url);
    await other.signIn(bob.orgCode, bob.passphrase);
    await deleteAccount(bob.client, bob.passphrase);
    expect(await accountRow(bob.client.member.id)).toBeUndefined();
    for (const session of [bob.client, other]) expect((await refusal(session.call('account.show'))).code).toBe('SESSION_INVALID');
    expect((await refusal(new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase))).code).toBe('SIGNIN_FAILED');
    const purges = await server.store.db.selectFrom('tasks').select(['kind', 'target']).where('target', 'in', [bob.client.member.id, primary, second.id]).execute();
    expect(purges.map((p) => `${p.kind}:${p.target}`).sort()).toEqual([`purge.account:${bob.client.member.id}`, `purge.avatar:${primary}`, `purge.avatar:${second.id}`].sort());

    expect((await refusal(deleteAccount(treasurer.client, treasurer.passphrase))).code).toBe('TREASURER_UNDELETABLE');
  });

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
    expect(answers.map((a) => [a.status, a.body])).toEqual(attempts.map(() => [401, { code: 'SIGNIN_FAILED', message: 'The org code or the passphrase is not right.' }]));
    // The server checks the current passphrase itself, whatever the client says.
    const wrong = await treasurer.client.call('account.changePassphrase', { current: { prefixId: keys.prefixId, authKey: 'c'.repeat(43) }, next: { ...keys, wrappedAccountKey: 'AAAA' } }).catch((e: Error) => e);
    expect((wrong as { code?: string }).code).toBe('PASSPHRASE_WRONG');
  });

  it('sends no phrase, word or card in clear when sponsoring, joining and changing a passphrase', async () => {
    const bodies: string[] = [];
    const spying = (url: string) => new IlotClient(url, { fetch: async (input, init) => (bodies.push(String(init?.body ?? '')), fetch(input, init)) });
    const treasurer = await spaceWithTreasurer(server.url);
    const spy = spying(server.url);
    await spy.signIn(treasurer.orgCode, treasurer.passphrase);
    const { sponsor, acceptSponsorship, setCard } = await import('../../../client/membership.js');
    await setCard(spy, spy.member.avatars[0]!.id, { text: 'carte secrète du comptable', photo: null });
    const { partitions } = await spy.call<{ partitions: { id: string }[] }>('partition.list');
    const phrase = 'the secret sponsorship phrase for Zoé';
    await sponsor(spy, { phrase, name: 'Zoé', kind: 'O', partitionId: partitions[0]!.id, quotas: { documents: 1, volumeBytes: 1 }, word: 'mot de bienvenue secret' });
    const zoePhrase = 'Zoé keeps her own passphrase secret';
    const joiner = spying(server.url);
    await acceptSponsorship(joiner, treasurer.orgCode, phrase, zoePhrase);
    await joiner.signIn(treasurer.orgCode, zoePhrase);
    await changePassphrase(joiner, zoePhrase, 'and now another secret passphrase');
    const sent = bodies.join('\n');
    for (const secret of [phrase, phrase.slice(0, 12), zoePhrase, zoePhrase.slice(0, 12), 'another secret', 'mot de bienvenue', 'carte secrète']) expect(sent).not.toContain(secret);
  });

  it('lists and revokes the account’s own sessions only', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const laptop = new IlotClient(server.url);
    await laptop.signIn(bob.orgCode, bob.passphrase);
    const { sessions } = await bob.client.call<{ sessions: { id: string; current: boolean }[] }>('account.sessions.list');
    expect(sessions).toHaveLength(2);
    const mine = sessions.find((s) => s.current)!;
    const theirs = sessions.find((s) => !s.current)!;
    const { sessions: treasurerSessions } = await treasurer.client.call<{ sessions: { id: string }[] }>('account.sessions.list');
    expect(treasurerSessions.map((s) => s.id)).not.toContain(mine.id);
    expect((await refusal(treasurer.client.call('account.sessions.revoke', { id: theirs.id }))).code).toBe('SESSION_NOT_FOUND');
    await bob.client.call('account.sessions.revoke', { id: theirs.id });
    expect((await refusal(laptop.call('account.show'))).code).toBe('SESSION_INVALID');
    expect((await bob.client.call<{ sessions: unknown[] }>('account.sessions.list')).sessions).toHaveLength(1);
  });
});
