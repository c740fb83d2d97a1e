import { afterAll, beforeAll, expect, it } from 'vitest';
import { sponsor } from '../../../client/membership.js';
import { newScopedId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.create', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;
  const sponsorshipsOf = async (spaceOrg: Member) => {
    const space = await db().selectFrom('spaces').select('id').where('org_code', '=', spaceOrg.orgCode).executeTakeFirstOrThrow();
    return db().selectFrom('sponsorships').selectAll().where('space_id', '=', space.id).execute();
  };

  it('opens a sponsorship for 30 days, storing the phrase’s hash and the sealed word, never the phrase or the word', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'the sponsorship phrase given to Bob';
    const created = await sponsor(treasurer.client, {
      phrase,
      name: 'Bob',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas,
      word: 'Bienvenue Bob !',
    });
    expect(created.expiresAt - Date.now()).toBeGreaterThan(29.9 * 24 * 3600 * 1000);
    const [row] = (await sponsorshipsOf(treasurer)).filter((s) => s.id === created.id);
    expect(row).toMatchObject({
      sponsor: treasurer.client.member.id,
      sponsor_avatar: treasurer.client.member.avatars[0]!.id,
      state: 'pending',
      name: 'Bob',
      kind: 'O',
    });
    expect(JSON.stringify(row)).not.toContain('Bienvenue');
  });

  it('holds each sponsor to its rights: O accounts cannot sponsor, delegates only in their partition, A accounts only where accepted', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    const spaceId = Number(partitionId.slice(0, 2));
    const otherPartition = newScopedId(spaceId, 'partition');
    await db().insertInto('partitions').values({ space_id: spaceId, id: otherPartition, name: 'Other', created_at: Date.now() }).execute();
    const before = (await sponsorshipsOf(treasurer)).length;

    const plain = await sponsored(treasurer, 'Plain');
    const o = await refusal(
      sponsor(plain.client, { phrase: 'an O account tries to sponsor someone', name: 'X', kind: 'O', partitionId, quotas, word: 'w' }),
    );
    expect([o.code, o.details]).toEqual(['FORBIDDEN', { permission: 'sponsor.O', partitionId }]);

    const delegate = await sponsored(treasurer, 'Delia', { delegate: true });
    expect(delegate.client.member.roles).toEqual(['delegate']);
    await sponsor(delegate.client, {
      phrase: 'a delegate sponsors in its own partition',
      name: 'Ok',
      kind: 'O',
      partitionId,
      quotas,
      word: 'w',
    });
    expect(
      (
        await refusal(
          sponsor(delegate.client, {
            phrase: 'a delegate sponsors in another partition',
            name: 'No',
            kind: 'O',
            partitionId: otherPartition,
            quotas,
            word: 'w',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');

    const noA = await refusal(
      sponsor(treasurer.client, { phrase: 'an A account in a space without them', name: 'A1', kind: 'A', quotas, word: 'w' }),
    );
    expect(noA.code).toBe('A_ACCOUNTS_NOT_ACCEPTED');
    expect(await treasurer.client.call('space.setOptions', { acceptsAAccounts: true })).toEqual({
      acceptsAAccounts: true,
      switchToANeedsConsent: false,
      lifetimeMonths: 12,
    });
    const autonomous = await sponsored(treasurer, 'Anna', { kind: 'A', giftCents: 500 });
    expect(await autonomous.client.call('account.show')).toMatchObject({ kind: 'A', partitionId: null, giftCents: 500 });
    await sponsor(autonomous.client, { phrase: 'an A account sponsors another A one', name: 'A2', kind: 'A', quotas, word: 'w' });
    expect(
      (
        await refusal(
          sponsor(autonomous.client, { phrase: 'an A account tries an O account', name: 'O2', kind: 'O', partitionId, quotas, word: 'w' }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect((await refusal(plain.client.call('space.setOptions', { acceptsAAccounts: false }))).code).toBe('FORBIDDEN');

    // Malformed conditions and unknown partitions are refused before anything is written.
    expect(
      (
        await refusal(
          sponsor(treasurer.client, {
            phrase: 'an O account without any partition',
            name: 'P',
            kind: 'O',
            partitionId: null,
            quotas,
            word: 'w',
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (
        await refusal(
          sponsor(treasurer.client, {
            phrase: 'an O account in a partition that is not',
            name: 'P',
            kind: 'O',
            partitionId: newScopedId(spaceId, 'partition'),
            quotas,
            word: 'w',
          }),
        )
      ).code,
    ).toBe('PARTITION_NOT_FOUND');
    expect(
      (
        await refusal(
          sponsor(treasurer.client, {
            phrase: 'a name with a hash sign in it',
            name: 'Bad#Name',
            kind: 'O',
            partitionId,
            quotas,
            word: 'w',
          }),
        )
      ).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await refusal(sponsor(treasurer.client, { phrase: 'too short', name: 'P', kind: 'O', partitionId, quotas, word: 'w' }))).code,
    ).toBe('PHRASE_TOO_SHORT');
    // Sponsorships written: Plain, Delia, Ok, Anna, A2.
    expect((await sponsorshipsOf(treasurer)).length - before).toBe(5);
  });

  it('refuses a phrase too close to another of the space, and an avatar of another account, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    // The start of the treasurer's passphrase is taken.
    const close = await refusal(
      sponsor(treasurer.client, {
        phrase: treasurer.passphrase.slice(0, 12) + ' but then it differs',
        name: 'X',
        kind: 'O',
        partitionId,
        quotas,
        word: 'w',
      }),
    );
    expect(close.code).toBe('PHRASE_TOO_CLOSE');
    const bob = await sponsored(treasurer, 'Bob');
    const before = (await sponsorshipsOf(treasurer)).length;
    const notMine = await refusal(
      treasurer.client.call('sponsorship.create', {
        sponsorAvatarId: bob.client.member.avatars[0]!.id,
        phrase: await treasurer.client.phraseKeys('sponsoring in the name of Bob', treasurer.orgCode),
        name: 'Y',
        kind: 'O',
        partitionId,
        quotas,
        delegate: false,
        giftCents: 0,
        noContact: false,
        sealed: 'AAAA',
        keyForPhrase: 'AAAA',
        keyForSponsor: 'AAAA',
      }),
    );
    expect(notMine.code).toBe('AVATAR_NOT_FOUND');
    expect((await sponsorshipsOf(treasurer)).length).toBe(before);
  });
});
