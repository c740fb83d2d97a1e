import { expect, it } from 'vitest';
import { createPartition, partitionOverview, setPartitionQuotas } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { auditedActions, spaceOf } from '../../../../test/support/permissions.js';
import { storedPartitions } from '../../../../test/support/partitions.js';

describeEngines('partition.create', (engine) => {
  const site = operatedSite(engine);

  it("gives the default partition the space's whole quotas, and a new one what the others leave", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const [first] = (await partitionOverview(treasurer.client)).partitions;
    expect(first).toMatchObject({ name: 'Default', archived: false, quotas: { documents: 1000, volumeBytes: 1_000_000 } });
    await setPartitionQuotas(treasurer.client, first!.id, { documents: 600, volumeBytes: 400_000 });
    const made = await createPartition(treasurer.client, 'Sales', { documents: 400, volumeBytes: 600_000 });
    expect(made).toMatchObject({
      name: 'Sales',
      archived: false,
      quotas: { documents: 400, volumeBytes: 600_000 },
      allocated: { documents: 0, volumeBytes: 0 },
      accounts: 0,
      delegates: [],
    });
    expect((await storedPartitions(site.server, treasurer)).map((p) => p.name)).toEqual(['Default', 'Sales']);
    expect((await auditedActions(site.server, spaceOf(treasurer), 'partition.create')).at(-1)).toMatchObject({
      target: made.id,
      result: 'ok',
      details: { quotas: { documents: 400, volumeBytes: 600_000 } },
    });
  });

  it('refuses quotas past the space, bad input, and anyone but the treasurer; nothing is made', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const delegate = await sponsored(treasurer, 'Dora', { delegate: true });
    const before = await storedPartitions(site.server, treasurer);
    expect((await refusal(createPartition(treasurer.client, 'Too big', { documents: 1, volumeBytes: 0 }))).code).toBe(
      'QUOTAS_EXCEED_SPACE',
    );
    for (const quotas of [
      { documents: -1, volumeBytes: 0 },
      { documents: 0, volumeBytes: 1e16 },
      { documents: 0.5, volumeBytes: 0 },
    ])
      expect((await refusal(createPartition(treasurer.client, 'Bad', quotas))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(createPartition(treasurer.client, ' ', { documents: 0, volumeBytes: 0 }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(createPartition(delegate.client, 'Mine', { documents: 0, volumeBytes: 0 }))).code).toBe('FORBIDDEN');
    expect(await storedPartitions(site.server, treasurer)).toEqual(before);
    expect(before.map((p) => p.id)).toEqual([await defaultPartition(treasurer)]);
  });
});
