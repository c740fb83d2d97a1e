import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/engines.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../support/members.js';
import { withOperatorsUnthrottled } from '../support/operators.js';
import { spaceOf } from '../support/permissions.js';
import { prepared, race, tally } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Two changes of quotas sent at once, each fitting alone but not together: the sums
// (accounts ≤ partition ≤ space − A share) are checked in the transaction, so one is refused.

describeEngines('partition sums under concurrent changes', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperatorsUnthrottled());
  });
  afterAll(() => server.stop());

  it("lets one of a new partition and a larger A share through when both would pass the space's quotas", async () => {
    const treasurer = await spaceWithTreasurer(server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const first = await defaultPartition(treasurer);
    await treasurer.client.call('partition.setQuotas', { partitionId: first, quotas: { documents: 500, volumeBytes: 500_000 } });
    const quotas = { documents: 500, volumeBytes: 500_000 };
    const answers = await race(server.url, 2, (i) =>
      i === 0
        ? prepared('partition.create', { name: 'B', quotas }, treasurer.client)
        : prepared('partition.setAShare', { quotas }, treasurer.client),
    );
    expect(tally(answers)).toEqual({ ok: 1, QUOTAS_EXCEED_SPACE: 1 });
    const shares = await treasurer.client.call('partition.overview', {});
    expect(shares.shares!.partitions.documents + shares.shares!.aShare.documents).toBe(1000);
  });

  it("lets one of two accounts' rises through when both would pass the partition's quotas", async () => {
    const treasurer = await spaceWithTreasurer(server.url, { documents: 1000, volumeBytes: 100_000_000 });
    const first = await defaultPartition(treasurer);
    await treasurer.client.call('partition.setQuotas', { partitionId: first, quotas: { documents: 300, volumeBytes: 100_000_000 } });
    const [bob, carl] = [await sponsored(treasurer, 'Bob'), await sponsored(treasurer, 'Carl')];
    const answers = await race(server.url, 2, (i) =>
      prepared(
        'account.setQuotas',
        { partitionId: first, accountId: [bob, carl][i]!.client.member.id, quotas: { documents: 200, volumeBytes: 1_000_000 } },
        treasurer.client,
      ),
    );
    expect(tally(answers)).toEqual({ ok: 1, QUOTAS_EXCEED_PARTITION: 1 });
    const rows = await server.store.db
      .selectFrom('accounts')
      .select('quota_documents')
      .where('space_id', '=', spaceOf(treasurer))
      .where('partition_id', '=', first)
      .execute();
    expect(rows.reduce((sum, r) => sum + (r.quota_documents ?? 0), 0)).toBe(300);
  });
});
