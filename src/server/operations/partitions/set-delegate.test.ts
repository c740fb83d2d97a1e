import { expect, it } from 'vitest';
import { createPartition, partitionAccounts, setDelegate, setPartitionQuotas } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf } from '../../../../test/support/permissions.js';
import { storedAccount } from '../../../../test/support/partitions.js';

describeEngines('partition.setDelegate', (engine) => {
  const site = operatedSite(engine);

  it('names delegates of a partition, several of them, who act there from their next request, and removes one', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const first = await defaultPartition(treasurer);
    const [bob, carl] = [await sponsored(treasurer, 'Bob'), await sponsored(treasurer, 'Carl')];
    expect((await refusal(partitionAccounts(bob.client, first))).code).toBe('FORBIDDEN');
    for (const m of [bob, carl])
      expect(await setDelegate(treasurer.client, { partitionId: first, accountId: m.client.member.id, delegate: true })).toEqual({
        accountId: m.client.member.id,
        delegate: true,
      });
    expect((await partitionAccounts(bob.client, first)).accounts.filter((a) => a.delegate)).toHaveLength(2);
    await setDelegate(treasurer.client, { partitionId: first, accountId: carl.client.member.id, delegate: false });
    expect((await storedAccount(site.server, carl)).roles).toBe('');
    expect((await refusal(partitionAccounts(carl.client, first))).code).toBe('FORBIDDEN');
    expect((await auditedActions(site.server, spaceOf(treasurer), 'partition.setDelegate')).map((e) => e.details)).toEqual([
      { partitionId: first, delegate: true },
      { partitionId: first, delegate: true },
      { partitionId: first, delegate: false },
    ]);
  });

  it('refuses an account outside the partition, a delegate naming one, and unknown accounts; nothing changes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000_000 });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 500, volumeBytes: 500_000_000 });
    const other = await createPartition(treasurer.client, 'Other', { documents: 500, volumeBytes: 500_000_000 });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const bob = await sponsored(treasurer, 'Bob');
    const accountId = bob.client.member.id;
    expect((await refusal(setDelegate(treasurer.client, { partitionId: other.id, accountId, delegate: true }))).code).toBe(
      'ACCOUNT_NOT_IN_PARTITION',
    );
    expect((await refusal(setDelegate(dora.client, { partitionId: first, accountId, delegate: true }))).code).toBe('FORBIDDEN');
    const unknown = `${accountId.slice(0, 3)}${'0'.repeat(13)}`;
    expect((await refusal(setDelegate(treasurer.client, { partitionId: first, accountId: unknown, delegate: true }))).code).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    expect((await storedAccount(site.server, bob)).roles).toBe('');
  });
});
