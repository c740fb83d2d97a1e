import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { acceptSponsorship, refuseSponsorship, sponsor, sponsorships } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.refuse', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('records a refusal with a reason only the sponsor reads, and frees the phrase', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const phrase = 'the phrase of a sponsorship Carol refuses';
    await sponsor(treasurer.client, {
      phrase,
      name: 'Carol',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas,
      word: 'Hello Carol',
    });
    await refuseSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Merci, mais non.');
    const [status] = await sponsorships(treasurer.client);
    expect(status).toMatchObject({ state: 'refused', answer: 'Merci, mais non.' });
    expect(status!.answeredAt).toBeGreaterThan(0);
    // Stored encrypted: the reason is not in the database in clear.
    const stored = await server.store.db.selectFrom('sponsorships').selectAll().where('id', '=', status!.id).execute();
    expect(JSON.stringify(stored)).not.toContain('Merci');
    expect(
      (await refusal(acceptSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Carol changed her mind after all'))).code,
    ).toBe('SPONSORSHIP_INVALID');
    expect((await refusal(refuseSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase, 'Twice?'))).code).toBe(
      'SPONSORSHIP_INVALID',
    );
    await sponsor(treasurer.client, {
      phrase,
      name: 'Carol',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas,
      word: 'Second try',
    });
  });
});
