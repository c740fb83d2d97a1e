import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { acceptSponsorship, createAvatar, setCard, sponsor, viewSponsorship } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.view', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('shows the proposal, the welcome word and the sponsor’s card to whoever has the phrase, until it is spent', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    await setCard(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'Le comptable de l’association', photo: null });
    const partitionId = await defaultPartition(treasurer);
    const phrase = 'the sponsorship phrase given to Bob';
    await sponsor(treasurer.client, { phrase, name: 'Bob', kind: 'O', partitionId, quotas, word: 'Bienvenue Bob !' });

    const view = await viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase);
    expect(view).toMatchObject({
      name: 'Bob',
      kind: 'O',
      partitionId,
      quotas,
      delegate: false,
      word: 'Bienvenue Bob !',
      sponsor: { name: 'Treasurer', card: { text: 'Le comptable de l’association', photo: null } },
    });
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, 'not the phrase of any sponsorship'))).code).toBe(
      'SPONSORSHIP_INVALID',
    );

    await acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Bob keeps this passphrase for himself');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase))).code).toBe('SPONSORSHIP_INVALID');
  });

  it('is made by the primary avatar only: a sponsorship names its account, which no secondary avatar may be tied to', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const pseudo = await createAvatar(treasurer.client, 'Trésorerie');
    const phrase = 'a sponsorship a secondary avatar tried to make';
    const proposal = { phrase, name: 'Lost', kind: 'O' as const, partitionId: await defaultPartition(treasurer), quotas, word: 'w' };
    expect((await refusal(sponsor(treasurer.client, { ...proposal, avatarId: pseudo.id }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase))).code).toBe('SPONSORSHIP_INVALID');
    await sponsor(treasurer.client, proposal);
    expect((await viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase)).sponsor.avatarId).toBe(
      treasurer.client.member.avatars[0]!.id,
    );
  });
});
