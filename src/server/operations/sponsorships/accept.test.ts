import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { acceptSponsorship, contacts, setCard, sponsor, sponsorships } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.accept', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const rowsOf = async (table: 'accounts' | 'contacts', spaceOrg: Member) => {
    const db = server.store.db;
    const space = await db.selectFrom('spaces').select('id').where('org_code', '=', spaceOrg.orgCode).executeTakeFirstOrThrow();
    return db.selectFrom(table).selectAll().where('space_id', '=', space.id).execute();
  };

  it('creates the account with the agreed conditions, makes sponsor and sponsored mutual contacts, and spends the phrase', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await setCard(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Le comptable de l’association', photo: null });
    const partitionId = await defaultPartition(treasurer);
    const phrase = 'the sponsorship phrase given to Bob';
    await sponsor(treasurer.client, { phrase, name: 'Bob', kind: 'O', partitionId, quotas, word: 'Bienvenue Bob !' });

    const accepted = await acceptSponsorship(
      new IlotClient(server.url),
      treasurer.orgCode,
      phrase,
      'Bob keeps this passphrase for himself',
    );
    expect(accepted).toMatchObject({ avatarName: 'Bob', contact: true });
    expect(accepted.avatarId).toMatch(/^\d{16}$/);
    const bob = new IlotClient(server.url);
    const account = await bob.signIn(treasurer.orgCode, 'Bob keeps this passphrase for himself');
    expect(account).toMatchObject({ kind: 'O', roles: [], avatars: [{ id: accepted.avatarId, name: 'Bob' }] });
    expect(await bob.call('account.show')).toMatchObject({ kind: 'O', partitionId, quotas });

    // Each side reads the other's card through the contact.
    expect((await contacts(bob)).map((c) => [c.name, c.card?.text, c.origin])).toEqual([
      ['Treasurer', 'Le comptable de l’association', 'sponsorship'],
    ]);
    expect((await contacts(treasurer.client)).map((c) => [c.contactId, c.name])).toEqual([[accepted.avatarId, 'Bob']]);

    const [status] = await sponsorships(treasurer.client);
    expect(status).toMatchObject({ state: 'accepted', name: 'Bob', word: 'Bienvenue Bob !', answer: null });
    // The phrase is spent: a second acceptance creates nothing.
    expect(
      (await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'a second account from one sponsorship')))
        .code,
    ).toBe('SPONSORSHIP_INVALID');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(2);
  });

  it('refuses a passphrase too close to another phrase, and a full space, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 2 });
    const partitionId = await defaultPartition(treasurer);
    const phrase = 'the sponsorship phrase of a careless person';
    await sponsor(treasurer.client, { phrase, name: 'Careless', kind: 'O', partitionId, quotas, word: 'w' });
    // A passphrase starting like the sponsorship phrase: refused, the sponsorship stays open.
    const tooClose = await refusal(
      acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, phrase.slice(0, 12) + ' and something else'),
    );
    expect(tooClose.code).toBe('PHRASE_TOO_CLOSE');
    expect((await sponsorships(treasurer.client))[0]!.state).toBe('pending');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(1);

    await acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'the careless person finally chose well');
    await sponsor(treasurer.client, {
      phrase: 'one account too many for this space',
      name: 'Third',
      kind: 'O',
      partitionId,
      quotas,
      word: 'w',
    });
    const full = await refusal(
      acceptSponsorship(
        new IlotClient(server.url),
        treasurer.orgCode,
        'one account too many for this space',
        'the third account has no room left',
      ),
    );
    expect(full.code).toBe('MAX_ACCOUNTS_REACHED');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(2);
    expect((await sponsorships(treasurer.client)).find((s) => s.name === 'Third')?.state).toBe('pending');
  });

  it("refuses an O account whose quotas do not fit in its partition's, or whose partition was archived, writing nothing", async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    await treasurer.client.call('partition.setQuotas', { partitionId, quotas: { documents: 150, volumeBytes: 10_000_000 } });
    const passphrases: Record<string, string> = {
      'Ursula fits in the partition': 'zebra crossings at night, says Ursula',
      'Victor is one too many here': 'quiet harbours in the morning, says Victor',
    };
    const accept = (phrase: string) => acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, passphrases[phrase]!);
    for (const phrase of Object.keys(passphrases))
      await sponsor(treasurer.client, { phrase, name: phrase.split(' ')[0]!, kind: 'O', partitionId, quotas, word: 'w' });
    await accept('Ursula fits in the partition');
    expect((await refusal(accept('Victor is one too many here'))).code).toBe('QUOTAS_EXCEED_PARTITION');
    await treasurer.client.call('partition.setQuotas', { partitionId, quotas: { documents: 200, volumeBytes: 10_000_000 } });
    await treasurer.client.call('partition.setArchived', { partitionId, archived: true });
    expect((await refusal(accept('Victor is one too many here'))).code).toBe('PARTITION_ARCHIVED');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(2);
    await treasurer.client.call('partition.setArchived', { partitionId, archived: false });
    await accept('Victor is one too many here');
    expect(await rowsOf('accounts', treasurer)).toHaveLength(3);
  });

  it('makes no contact when either side declines it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await sponsored(treasurer, 'Shy', { noContact: true });
    await sponsored(treasurer, 'Reserved', {}, { contact: false });
    expect(await rowsOf('contacts', treasurer)).toEqual([]);
  });
});
