import { expect, it } from 'vitest';
import { sponsor } from '../../../client/membership.js';
import { setDelegate, setPartitionArchived, setPartitionQuotas, renamePartition } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { storedPartitions } from '../../../../test/support/partitions.js';

describeEngines('partition.setArchived and partition.rename', (engine) => {
  const site = operatedSite(engine);

  it('archives a partition: no new account, delegate or rise; cuts and renaming stay; it can come back', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const first = await defaultPartition(treasurer);
    const bob = await sponsored(treasurer, 'Bob');
    expect(await setPartitionArchived(treasurer.client, first, true)).toMatchObject({ archived: true, accounts: 1 });
    const proposal = {
      phrase: `a phrase long enough for ${treasurer.orgCode} archived`,
      name: 'Carl',
      kind: 'O' as const,
      partitionId: first,
      quotas: { documents: 1, volumeBytes: 1 },
      word: 'hello',
    };
    expect((await refusal(sponsor(treasurer.client, proposal))).code).toBe('PARTITION_ARCHIVED');
    expect(
      (await refusal(setDelegate(treasurer.client, { partitionId: first, accountId: bob.client.member.id, delegate: true }))).code,
    ).toBe('PARTITION_ARCHIVED');
    expect((await refusal(setPartitionQuotas(treasurer.client, first, { documents: 1001, volumeBytes: 1_000_000 }))).code).toBe(
      'PARTITION_ARCHIVED',
    );
    await setPartitionQuotas(treasurer.client, first, { documents: 500, volumeBytes: 1_000_000 });
    expect(await renamePartition(treasurer.client, first, 'Old')).toMatchObject({ name: 'Old', archived: true });
    expect(await setPartitionArchived(treasurer.client, first, false)).toMatchObject({ archived: false });
    await sponsor(treasurer.client, proposal);
    expect((await storedPartitions(site.server, treasurer))[0]).toMatchObject({ name: 'Old', archived_at: null, quota_documents: 500 });
  });

  it('is refused to delegates and for unknown partitions or bad names; nothing changes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const first = await defaultPartition(treasurer);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const before = await storedPartitions(site.server, treasurer);
    expect((await refusal(setPartitionArchived(dora.client, first, true))).code).toBe('FORBIDDEN');
    expect((await refusal(renamePartition(dora.client, first, 'Mine'))).code).toBe('FORBIDDEN');
    const unknown = `${first.slice(0, 3)}${'0'.repeat(13)}`;
    expect((await refusal(setPartitionArchived(treasurer.client, unknown, true))).code).toBe('PARTITION_NOT_FOUND');
    expect((await refusal(renamePartition(treasurer.client, first, 'x'.repeat(61)))).code).toBe('VALIDATION_FAILED');
    expect(await storedPartitions(site.server, treasurer)).toEqual(before);
  });
});
