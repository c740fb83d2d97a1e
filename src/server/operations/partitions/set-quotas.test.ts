import { expect, it } from 'vitest';
import { createPartition, setAccountQuotas, setPartitionQuotas } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf } from '../../../../test/support/permissions.js';
import { storedPartitions } from '../../../../test/support/partitions.js';

describeEngines('partition.setQuotas', (engine) => {
  const site = operatedSite(engine);

  it("moves quotas between partitions within the space's, and audits before and after", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 500, volumeBytes: 500_000 });
    const second = await createPartition(treasurer.client, 'B', { documents: 500, volumeBytes: 500_000 });
    expect((await refusal(setPartitionQuotas(treasurer.client, second.id, { documents: 501, volumeBytes: 500_000 }))).code).toBe(
      'QUOTAS_EXCEED_SPACE',
    );
    await setPartitionQuotas(treasurer.client, first, { documents: 200, volumeBytes: 500_000 });
    expect(await setPartitionQuotas(treasurer.client, second.id, { documents: 800, volumeBytes: 500_000 })).toMatchObject({
      quotas: { documents: 800, volumeBytes: 500_000 },
    });
    expect((await auditedActions(site.server, spaceOf(treasurer), 'partition.setQuotas')).map((e) => [e.result, e.errorCode])).toEqual([
      ['ok', null],
      ['error', 'QUOTAS_EXCEED_SPACE'],
      ['ok', null],
      ['ok', null],
    ]);
  });

  it("refuses to cut a partition below its accounts' quotas, but lets a sum already above come down", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const first = await defaultPartition(treasurer);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 300, volumeBytes: 1000 } });
    expect((await refusal(setPartitionQuotas(treasurer.client, first, { documents: 299, volumeBytes: 1_000_000 }))).code).toBe(
      'QUOTAS_EXCEED_PARTITION',
    );
    await setPartitionQuotas(treasurer.client, first, { documents: 300, volumeBytes: 1_000_000 });
    // The operator lowers the space's quotas below what the partitions hold: cuts stay allowed, rises not.
    await treasurer.operator.call('space.setQuotas', {
      orgCode: treasurer.orgCode,
      quotas: { documents: 100, volumeBytes: 1_000_000, monthlyCents: 5000, maxAccounts: 50 },
    });
    await setAccountQuotas(treasurer.client, {
      partitionId: first,
      accountId: bob.client.member.id,
      quotas: { documents: 150, volumeBytes: 1000 },
    });
    await setPartitionQuotas(treasurer.client, first, { documents: 200, volumeBytes: 1_000_000 });
    expect((await refusal(setPartitionQuotas(treasurer.client, first, { documents: 201, volumeBytes: 1_000_000 }))).code).toBe(
      'QUOTAS_EXCEED_SPACE',
    );
    expect((await storedPartitions(site.server, treasurer))[0]).toMatchObject({ quota_documents: 200 });
  });

  it('is refused to delegates, for unknown partitions and for bad quotas; nothing changes', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const first = await defaultPartition(treasurer);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const before = await storedPartitions(site.server, treasurer);
    expect((await refusal(setPartitionQuotas(dora.client, first, { documents: 1, volumeBytes: 1 }))).code).toBe('FORBIDDEN');
    const unknown = `${first.slice(0, 3)}${'0'.repeat(13)}`;
    expect((await refusal(setPartitionQuotas(treasurer.client, unknown, { documents: 1, volumeBytes: 1 }))).code).toBe(
      'PARTITION_NOT_FOUND',
    );
    expect((await refusal(setPartitionQuotas(treasurer.client, first, { documents: -5, volumeBytes: 1 }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(setPartitionQuotas(treasurer.client, first, { documents: 2e9, volumeBytes: 1 }))).code).toBe('VALIDATION_FAILED');
    expect(await storedPartitions(site.server, treasurer)).toEqual(before);
  });
});
