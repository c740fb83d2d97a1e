import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { sponsor, sponsorships, viewSponsorship } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000 };

describeEngines('sponsorship.cancel', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('cancels a pending sponsorship of its own: the phrase opens nothing and is free again', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const partitionId = await defaultPartition(treasurer);
    const phrase = 'the second pending sponsorship phrase';
    const second = await sponsor(treasurer.client, { phrase, name: 'Eve', kind: 'O', partitionId, quotas, word: 'w' });
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(bob.client.call('sponsorship.cancel', { id: second.id }))).code).toBe('SPONSORSHIP_NOT_FOUND');

    expect(await treasurer.client.call('sponsorship.cancel', { id: second.id })).toEqual({ id: second.id, state: 'cancelled' });
    expect((await sponsorships(treasurer.client)).find((s) => s.id === second.id)?.state).toBe('cancelled');
    expect((await refusal(treasurer.client.call('sponsorship.cancel', { id: second.id }))).code).toBe('SPONSORSHIP_NOT_PENDING');
    expect((await refusal(treasurer.client.call('sponsorship.extend', { id: second.id }))).code).toBe('SPONSORSHIP_NOT_PENDING');
    expect((await refusal(viewSponsorship(new IlotClient(server.url), treasurer.orgCode, phrase))).code).toBe('SPONSORSHIP_INVALID');
    await sponsor(treasurer.client, { phrase, name: 'Eve', kind: 'O', partitionId, quotas, word: 'again' });
  });

  it('audits the cancellation', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const made = await sponsor(treasurer.client, {
      phrase: 'a sponsorship cancelled at once',
      name: 'Gus',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas,
      word: 'w',
    });
    await treasurer.client.call('sponsorship.cancel', { id: made.id });
    const entry = await server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'sponsorship.cancel')
      .where('target', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: treasurer.client.member.id, result: 'ok' });
  });
});
