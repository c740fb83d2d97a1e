import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { refuseSponsorship, sponsor, sponsorships } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('lists the account’s own sponsorships, newest first, with their state, word and answer opened by the client', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    await sponsored(treasurer, 'Ann');
    await sponsor(treasurer.client, {
      phrase: 'Pat stays pending for a while',
      name: 'Pat',
      kind: 'O',
      partitionId,
      quotas,
      word: 'pending word',
    });
    await sponsor(treasurer.client, {
      phrase: 'Rob will refuse this sponsorship',
      name: 'Rob',
      kind: 'O',
      partitionId,
      quotas,
      word: 'hi Rob',
    });
    await refuseSponsorship(new IlotClient(server.url), treasurer.orgCode, 'Rob will refuse this sponsorship', 'non merci');

    const listed = await sponsorships(treasurer.client);
    expect(listed.map((s) => [s.name, s.state, s.word, s.answer])).toEqual([
      ['Rob', 'refused', 'hi Rob', 'non merci'],
      ['Pat', 'pending', 'pending word', null],
      ['Ann', 'accepted', 'welcome, Ann', null],
    ]);
    expect(listed[1]).toMatchObject({ kind: 'O', partitionId, quotas, delegate: false, giftCents: 0, noContact: false, answeredAt: null });
    // Another account sees none of them.
    const ann = await sponsored(treasurer, 'Ann2');
    expect((await ann.client.call('sponsorship.list')).sponsorships).toEqual([]);
  });
});
