import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { sponsor, sponsorships, viewSponsorship } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.extend', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('keeps a pending sponsorship open 30 more days: an expired one opens again; only its sponsor extends it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'an expired sponsorship, extended since';
    const first = await sponsor(treasurer.client, {
      phrase,
      name: 'Dan',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas,
      word: 'w',
    });
    await server.store.db
      .updateTable('sponsorships')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', first.id)
      .execute();
    expect((await sponsorships(treasurer.client)).find((s) => s.id === first.id)?.state).toBe('expired');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase))).code).toBe('SPONSORSHIP_INVALID');
    const extended = await treasurer.client.call('sponsorship.extend', { id: first.id });
    expect(extended.expiresAt).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect((await viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase)).name).toBe('Dan');

    // Someone else's sponsorship is not found, whoever asks.
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(bob.client.call('sponsorship.extend', { id: first.id }))).code).toBe('SPONSORSHIP_NOT_FOUND');
    // An answered one is no longer pending.
    const [accepted] = (await sponsorships(treasurer.client)).filter((s) => s.name === 'Bob');
    expect((await refusal(treasurer.client.call('sponsorship.extend', { id: accepted!.id }))).code).toBe('SPONSORSHIP_NOT_PENDING');
  });
});
