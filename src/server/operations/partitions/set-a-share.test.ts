import { expect, it } from 'vitest';
import { createPartition, setAShare, setPartitionQuotas } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { storedAShare } from '../../../../test/support/partitions.js';

describeEngines('partition.setAShare', (engine) => {
  const site = operatedSite(engine);

  it('reserves for A accounts what the partitions leave, and partitions then share the rest', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000 });
    const first = await defaultPartition(treasurer);
    expect((await refusal(setAShare(treasurer.client, { documents: 100, volumeBytes: 0 }))).code).toBe('QUOTAS_EXCEED_SPACE');
    await setPartitionQuotas(treasurer.client, first, { documents: 700, volumeBytes: 900_000 });
    expect(await setAShare(treasurer.client, { documents: 300, volumeBytes: 100_000 })).toEqual({
      space: { documents: 1000, volumeBytes: 1_000_000 },
      aShare: { documents: 300, volumeBytes: 100_000 },
      partitions: { documents: 700, volumeBytes: 900_000 },
    });
    expect((await refusal(createPartition(treasurer.client, 'More', { documents: 1, volumeBytes: 0 }))).code).toBe('QUOTAS_EXCEED_SPACE');
    await setAShare(treasurer.client, { documents: 200, volumeBytes: 100_000 });
    await createPartition(treasurer.client, 'More', { documents: 100, volumeBytes: 0 });
    expect(await storedAShare(site.server, treasurer)).toEqual({ documents: 200, volumeBytes: 100_000 });
  });

  it('is for the treasurer only, with sane amounts; nothing changes otherwise', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    expect((await refusal(setAShare(dora.client, { documents: 0, volumeBytes: 0 }))).code).toBe('FORBIDDEN');
    expect((await refusal(setAShare(treasurer.client, { documents: -1, volumeBytes: 0 }))).code).toBe('VALIDATION_FAILED');
    expect(await storedAShare(site.server, treasurer)).toEqual({ documents: 0, volumeBytes: 0 });
  });
});
