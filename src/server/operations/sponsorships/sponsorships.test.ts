import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { acceptSponsorship, contacts, refuseSponsorship, sponsor, sponsorships, viewSponsorship, setCard } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { newScopedId } from '../../../shared/ids.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;
  const rowsOf = async (table: 'accounts' | 'avatars' | 'sponsorships' | 'contacts', spaceOrg: Member) => {
    const space = await db().selectFrom('spaces').select('id').where('org_code', '=', spaceOrg.orgCode).executeTakeFirstOrThrow();
    return db().selectFrom(table).selectAll().where('space_id', '=', space.id).execute();
  };

  it('lets the treasurer sponsor an O account that reads the proposal, accepts, becomes a mutual contact and signs in', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await setCard(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Le comptable de l’association', photo: null });
    const partitionId = await defaultPartition(treasurer);
    const phrase = 'the sponsorship phrase given to Bob';
    const created = await sponsor(treasurer.client, { phrase, name: 'Bob', kind: 'O', partitionId, quotas, word: 'Bienvenue Bob !' });
    expect(created.expiresAt - Date.now()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);

    const visitor = new IlotClient(server.url);
    const view = await viewSponsorship(visitor, treasurer.orgCode, phrase);
    expect(view).toMatchObject({ name: 'Bob', kind: 'O', partitionId, quotas, delegate: false, word: 'Bienvenue Bob !', sponsor: { name: 'Treasurer', card: { text: 'Le comptable de l’association', photo: null } } });

    const accepted = await acceptSponsorship(visitor, treasurer.orgCode, phrase, 'Bob keeps this passphrase for himself');
    expect(accepted).toMatchObject({ avatarName: 'Bob', contact: true });
    expect(accepted.avatarId).toMatch(/^\d{16}$/);
    const bob = new IlotClient(server.url);
    const account = await bob.signIn(treasurer.orgCode, 'Bob keeps this passphrase for himself');
    expect(account).toMatchObject({ kind: 'O', roles: [], avatars: [{ id: accepted.avatarId, name: 'Bob' }] });
    expect(await bob.call('account.show')).toMatchObject({ kind: 'O', partitionId, quotas });

    // Each side reads the other's card through the contact.
    expect((await contacts(bob)).map((c) => [c.name, c.card?.text, c.origin])).toEqual([['Treasurer', 'Le comptable de l’association', 'sponsorship']]);
    expect((await contacts(treasurer.client)).map((c) => [c.contactId, c.name])).toEqual([[accepted.avatarId, 'Bob']]);

    const [status] = await sponsorships(treasurer.client);
    expect(status).toMatchObject({ state: 'accepted', name: 'Bob', word: 'Bienvenue Bob !', answer: null });
    // The phrase is spent: it opens nothing now, and a second acceptance creates nothing.
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase))).code).toBe('SPONSORSHIP_INVALID');
    expect((await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'a second account from one sponsorship'))).code).toBe('SPONSORSHIP_INVALID');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(2);
  });

  it('records a refusal with a reason only the sponsor reads, and frees the phrase', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'the phrase of a sponsorship Carol refuses';
    await sponsor(treasurer.client, { phrase, name: 'Carol', kind: 'O', partitionId: await defaultPartition(treasurer), quotas, word: 'Hello Carol' });
    await refuseSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Merci, mais non.');
    const [status] = await sponsorships(treasurer.client);
    expect(status).toMatchObject({ state: 'refused', answer: 'Merci, mais non.' });
    expect(status!.answeredAt).toBeGreaterThan(0);
    // Stored encrypted: the reason is not in the database in clear.
    expect(JSON.stringify(await rowsOf('sponsorships', treasurer))).not.toContain('Merci');
    expect((await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Carol changed her mind after all'))).code).toBe('SPONSORSHIP_INVALID');
    await sponsor(treasurer.client, { phrase, name: 'Carol', kind: 'O', partitionId: await defaultPartition(treasurer), quotas, word: 'Second try' });
  });

  it('extends and cancels pending sponsorships; an expired one opens nothing until extended', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    const first = await sponsor(treasurer.client, { phrase: 'the first pending sponsorship phrase', name: 'Dan', kind: 'O', partitionId, quotas, word: 'w' });
    const second = await sponsor(treasurer.client, { phrase: 'the second pending sponsorship phrase', name: 'Eve', kind: 'O', partitionId, quotas, word: 'w' });
    await db().updateTable('sponsorships').set({ expires_at: Date.now() - 1000 }).where('id', '=', first.id).execute();
    expect((await sponsorships(treasurer.client)).find((s) => s.id === first.id)?.state).toBe('expired');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, 'the first pending sponsorship phrase'))).code).toBe('SPONSORSHIP_INVALID');
    const extended = await treasurer.client.call<{ expiresAt: number }>('sponsorship.extend', { id: first.id });
    expect(extended.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect((await viewSponsorship(new IlotClient(server.url), treasurer.orgCode, 'the first pending sponsorship phrase')).name).toBe('Dan');

    expect(await treasurer.client.call('sponsorship.cancel', { id: second.id })).toEqual({ id: second.id, state: 'cancelled' });
    expect((await refusal(treasurer.client.call('sponsorship.cancel', { id: second.id }))).code).toBe('SPONSORSHIP_NOT_PENDING');
    expect((await refusal(treasurer.client.call('sponsorship.extend', { id: second.id }))).code).toBe('SPONSORSHIP_NOT_PENDING');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, 'the second pending sponsorship phrase'))).code).toBe('SPONSORSHIP_INVALID');
    // Someone else's sponsorship is not found, whoever asks.
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(bob.client.call('sponsorship.extend', { id: first.id }))).code).toBe('SPONSORSHIP_NOT_FOUND');
  });

  it('holds each sponsor to its rights: O accounts cannot sponsor, delegates only in their partition, A accounts only where accepted', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    const spaceId = Number(partitionId.slice(0, 2));
    const otherPartition = newScopedId(spaceId, 'partition');
    await db().insertInto('partitions').values({ space_id: spaceId, id: otherPartition, name: 'Other', created_at: Date.now() }).execute();
    const before = (await rowsOf('sponsorships', treasurer)).length;

    const plain = await sponsored(treasurer, 'Plain');
    const o = await refusal(sponsor(plain.client, { phrase: 'an O account tries to sponsor someone', name: 'X', kind: 'O', partitionId, quotas, word: 'w' }));
    expect([o.code, o.details]).toEqual(['FORBIDDEN', { permission: 'sponsor.O', partitionId }]);

    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    expect(delegate.client.member.roles).toEqual(['delegate']);
    await sponsor(delegate.client, { phrase: 'a delegate sponsors in its own partition', name: 'Ok', kind: 'O', partitionId, quotas, word: 'w' });
    expect((await refusal(sponsor(delegate.client, { phrase: 'a delegate sponsors in another partition', name: 'No', kind: 'O', partitionId: otherPartition, quotas, word: 'w' }))).code).toBe('FORBIDDEN');

    const noA = await refusal(sponsor(treasurer.client, { phrase: 'an A account in a space without them', name: 'A1', kind: 'A', quotas, word: 'w' }));
    expect(noA.code).toBe('A_ACCOUNTS_NOT_ACCEPTED');
    expect(await treasurer.client.call('space.setOptions', { acceptsAAccounts: true })).toEqual({ acceptsAAccounts: true, lifetimeMonths: 12 });
    const autonomous = await sponsored(treasurer, 'Anna', { kind: 'A', giftCents: 500 });
    expect(await autonomous.client.call('account.show')).toMatchObject({ kind: 'A', partitionId: null, giftCents: 500 });
    await sponsor(autonomous.client, { phrase: 'an A account sponsors another A one', name: 'A2', kind: 'A', quotas, word: 'w' });
    expect((await refusal(sponsor(autonomous.client, { phrase: 'an A account tries an O account', name: 'O2', kind: 'O', partitionId, quotas, word: 'w' }))).code).toBe('FORBIDDEN');
    expect((await refusal(plain.client.call('space.setOptions', { acceptsAAccounts: false }))).code).toBe('FORBIDDEN');

    // Malformed conditions and unknown partitions are refused before anything is written.
    expect((await refusal(sponsor(treasurer.client, { phrase: 'an O account without any partition', name: 'P', kind: 'O', partitionId: null, quotas, word: 'w' }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(sponsor(treasurer.client, { phrase: 'an O account in a partition that is not', name: 'P', kind: 'O', partitionId: newScopedId(spaceId, 'partition'), quotas, word: 'w' }))).code).toBe('PARTITION_NOT_FOUND');
    expect((await refusal(sponsor(treasurer.client, { phrase: 'a name with a hash sign in it', name: 'Bad#Name', kind: 'O', partitionId, quotas, word: 'w' }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(sponsor(treasurer.client, { phrase: 'too short', name: 'P', kind: 'O', partitionId, quotas, word: 'w' }))).code).toBe('PHRASE_TOO_SHORT');
    // Sponsorships written: Plain, Delia, Ok, Anna, A2.
    expect((await rowsOf('sponsorships', treasurer)).length - before).toBe(5);
  });

  it('refuses phrases too close to another, and a full space, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 2 });
    const partitionId = await defaultPartition(treasurer);
    // The start of the treasurer's passphrase is taken.
    const close = await refusal(sponsor(treasurer.client, { phrase: treasurer.passphrase.slice(0, 12) + ' but then it differs', name: 'X', kind: 'O', partitionId, quotas, word: 'w' }));
    expect(close.code).toBe('PHRASE_TOO_CLOSE');
    const phrase = 'the sponsorship phrase of a careless person';
    await sponsor(treasurer.client, { phrase, name: 'Careless', kind: 'O', partitionId, quotas, word: 'w' });
    // A passphrase starting like the sponsorship phrase: refused, the sponsorship stays open.
    const tooClose = await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, phrase.slice(0, 12) + ' and something else'));
    expect(tooClose.code).toBe('PHRASE_TOO_CLOSE');
    expect((await sponsorships(treasurer.client))[0]!.state).toBe('pending');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(1);

    await acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'the careless person finally chose well');
    await sponsor(treasurer.client, { phrase: 'one account too many for this space', name: 'Third', kind: 'O', partitionId, quotas, word: 'w' });
    const full = await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, 'one account too many for this space', 'the third account has no room left'));
    expect(full.code).toBe('MAX_ACCOUNTS_REACHED');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(2);
    expect((await sponsorships(treasurer.client)).find((s) => s.name === 'Third')?.state).toBe('pending');
  });

  it('makes no contact when either side declines it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await sponsored(treasurer, 'Shy', { noContact: true });
    await sponsored(treasurer, 'Reserved', {}, { contact: false });
    expect(await rowsOf('contacts', treasurer)).toEqual([]);
  });
});
