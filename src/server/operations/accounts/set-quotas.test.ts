import { expect, it } from 'vitest';
import { createPartition, setAccountQuotas, setPartitionQuotas } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf } from '../../../../test/support/permissions.js';
import { storedAccount } from '../../../../test/support/partitions.js';

describeEngines('account.setQuotas', (engine) => {
  const site = operatedSite(engine);

  it("lets the treasurer and a delegate of the partition set an O account's quotas within the partition's", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 10_000_000 });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 300, volumeBytes: 3_000_000 });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const bob = await sponsored(treasurer, 'Bob');
    const accountId = bob.client.member.id;
    const quotas = { documents: 150, volumeBytes: 500 };
    expect(await setAccountQuotas(dora.client, { partitionId: first, accountId, quotas })).toEqual({ accountId, quotas });
    expect(
      (await refusal(setAccountQuotas(dora.client, { partitionId: first, accountId, quotas: { documents: 201, volumeBytes: 500 } }))).code,
    ).toBe('QUOTAS_EXCEED_PARTITION');
    await setAccountQuotas(treasurer.client, { partitionId: first, accountId, quotas: { documents: 200, volumeBytes: 0 } });
    expect(await storedAccount(site.server, bob)).toMatchObject({ quota_documents: 200, quota_volume_bytes: 0 });
    expect((await auditedActions(site.server, spaceOf(treasurer), 'account.setQuotas')).map((e) => e.errorCode)).toEqual([
      null,
      'QUOTAS_EXCEED_PARTITION',
      null,
    ]);
  });

  it('refuses a delegate elsewhere, a member, an account of another partition, an A account and bad amounts', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000_000 });
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 500, volumeBytes: 500_000_000 });
    const other = await createPartition(treasurer.client, 'Other', { documents: 500, volumeBytes: 500_000_000 });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true, partitionId: other.id });
    const bob = await sponsored(treasurer, 'Bob');
    const ann = await sponsored(treasurer, 'Ann', { kind: 'A' });
    const accountId = bob.client.member.id;
    const quotas = { documents: 1, volumeBytes: 1 };
    expect((await refusal(setAccountQuotas(dora.client, { partitionId: first, accountId, quotas }))).code).toBe('FORBIDDEN');
    expect((await refusal(setAccountQuotas(bob.client, { partitionId: first, accountId, quotas }))).code).toBe('FORBIDDEN');
    expect((await refusal(setAccountQuotas(dora.client, { partitionId: other.id, accountId, quotas }))).code).toBe(
      'ACCOUNT_NOT_IN_PARTITION',
    );
    expect((await refusal(setAccountQuotas(treasurer.client, { partitionId: first, accountId: ann.client.member.id, quotas }))).code).toBe(
      'ACCOUNT_NOT_IN_PARTITION',
    );
    expect(
      (await refusal(setAccountQuotas(treasurer.client, { partitionId: first, accountId, quotas: { documents: -1, volumeBytes: 1 } })))
        .code,
    ).toBe('VALIDATION_FAILED');
    expect(await storedAccount(site.server, bob)).toMatchObject({ quota_documents: 100, quota_volume_bytes: 1_000_000 });
  });
});
