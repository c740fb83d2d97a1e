import { expect, it } from 'vitest';
import { agreeToSwitch, setPartitionArchived, setPartitionQuotas, switchToO } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { storedAccount } from '../../../../test/support/partitions.js';

describeEngines('account.switchToO', (engine) => {
  const site = operatedSite(engine);

  it('takes an A account that asked into a partition, with quotas the partition leaves room for', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 10_000_000 });
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 300, volumeBytes: 3_000_000 });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const ann = await sponsored(treasurer, 'Ann', { kind: 'A' });
    const accountId = ann.client.member.id;
    const input = { partitionId: first, accountId, quotas: { documents: 200, volumeBytes: 1000 } };
    expect((await refusal(switchToO(dora.client, input))).code).toBe('SWITCH_NOT_REQUESTED');
    expect((await agreeToSwitch(ann.client)).to).toBe('O');
    expect((await refusal(switchToO(dora.client, { ...input, quotas: { documents: 201, volumeBytes: 1000 } }))).code).toBe(
      'QUOTAS_EXCEED_PARTITION',
    );
    expect(await switchToO(dora.client, input)).toEqual({ accountId, kind: 'O', partitionId: first });
    expect(await storedAccount(site.server, ann)).toMatchObject({ kind: 'O', partition_id: first, quota_documents: 200 });
    expect((await refusal(switchToO(dora.client, input))).code).toBe('ACCOUNT_KIND_MISMATCH');
  });

  it('refuses an archived partition, a delegate of another partition and a member; nothing changes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000_000 });
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 500, volumeBytes: 500_000_000 });
    const other = await treasurer.client.call('partition.create', { name: 'Other', quotas: { documents: 500, volumeBytes: 500_000_000 } });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true, partitionId: other.id });
    const ann = await sponsored(treasurer, 'Ann', { kind: 'A' });
    await agreeToSwitch(ann.client);
    const input = { partitionId: first, accountId: ann.client.member.id, quotas: { documents: 1, volumeBytes: 1 } };
    expect((await refusal(switchToO(dora.client, input))).code).toBe('FORBIDDEN');
    expect((await refusal(switchToO(ann.client, input))).code).toBe('FORBIDDEN');
    await setPartitionArchived(treasurer.client, first, true);
    expect((await refusal(switchToO(treasurer.client, input))).code).toBe('PARTITION_ARCHIVED');
    expect(await storedAccount(site.server, ann)).toMatchObject({ kind: 'A', partition_id: null });
    // The request is still there for a partition that takes it.
    await setPartitionArchived(treasurer.client, first, false);
    await switchToO(treasurer.client, input);
  });
});
