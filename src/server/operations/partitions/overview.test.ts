import { expect, it } from 'vitest';
import { setConsumptionLimit } from '../../../client/costs.js';
import { createPartition, partitionAccounts, partitionOverview, setPartitionQuotas } from '../../../client/partitions.js';
import { spaceOfId } from '../../../shared/ids.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

/** An account of a partition with no limit, no cost yet and no restriction. */
const unrestricted = { consumptionLimit: null, month: { subscription: 0, consumption: null }, restrictions: [] };

describeEngines('partition.overview and partition.accounts', (engine) => {
  const site = operatedSite(engine);

  it('shows the treasurer every partition and the shares, a delegate only theirs, a member none', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 10_000_000 });
    const first = await defaultPartition(treasurer);
    await setPartitionQuotas(treasurer.client, first, { documents: 600, volumeBytes: 6_000_000 });
    const second = await createPartition(treasurer.client, 'B', { documents: 400, volumeBytes: 4_000_000 });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true, partitionId: second.id });
    const bob = await sponsored(treasurer, 'Bob', { partitionId: second.id, quotas: { documents: 10, volumeBytes: 20 } });

    const all = await partitionOverview(treasurer.client);
    expect(all.shares).toEqual({
      space: { documents: 1000, volumeBytes: 10_000_000 },
      aShare: { documents: 0, volumeBytes: 0 },
      partitions: { documents: 1000, volumeBytes: 10_000_000 },
    });
    expect(all.partitions.map((p) => p.id)).toEqual([first, second.id]);
    const own = await partitionOverview(dora.client);
    expect(all.options).toEqual({ acceptsAAccounts: false, switchToANeedsConsent: false, lifetimeMonths: expect.any(Number) });
    expect(own.shares).toBeNull();
    expect(own.options).toBeNull();
    expect(own.partitions).toEqual([
      {
        ...second,
        allocated: { documents: 110, volumeBytes: 1_000_020 },
        accounts: 2,
        delegates: [{ id: dora.client.member.id, name: 'Dora' }],
      },
    ]);
    expect(await partitionOverview(bob.client)).toEqual({ shares: null, options: null, partitions: [] });

    expect((await partitionAccounts(dora.client, second.id)).accounts).toEqual(
      [
        { ...unrestricted, id: dora.client.member.id, name: 'Dora', delegate: true, quotas: { documents: 100, volumeBytes: 1_000_000 } },
        { ...unrestricted, id: bob.client.member.id, name: 'Bob', delegate: false, quotas: { documents: 10, volumeBytes: 20 } },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // An account's own restriction and its partition's show on its line.
    await treasurer.client.call('notification.set', {
      partitionId: second.id,
      accountId: bob.client.member.id,
      text: 'Pause',
      restriction: 'read-only',
    });
    const restricted = (await partitionAccounts(dora.client, second.id)).accounts.find((a) => a.id === bob.client.member.id);
    expect(restricted?.restrictions).toEqual([{ state: 'read-only', level: 'account' }]);
    expect((await refusal(partitionAccounts(dora.client, first))).code).toBe('FORBIDDEN');
    expect((await refusal(partitionAccounts(bob.client, second.id))).code).toBe('FORBIDDEN');
    expect((await partitionAccounts(treasurer.client, first)).accounts).toEqual([]);
  });

  it("reads every account's restrictions at once: its own, its partition's and its costs', as the pipeline finds them", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const partitionId = await defaultPartition(treasurer);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const eve = await sponsored(treasurer, 'Eve');
    const notify = (accountId: string | null, restriction: 'read-only' | 'minimal') =>
      treasurer.client.call('notification.set', { partitionId, accountId, text: 'Pause', restriction });
    await notify(bob.client.member.id, 'read-only');
    await notify(null, 'read-only');
    // Carol's settled consumption of last month is over her limit: minimal access by itself.
    await setConsumptionLimit(treasurer.client, { accountId: carol.client.member.id, partitionId, limit: 1000 });
    const id = carol.client.member.id;
    await site.server.store.db
      .insertInto('account_costs')
      .values({
        space_id: spaceOfId(id),
        account_id: id,
        month: monthsBefore(monthOf(Date.now(), site.server.config.tasks.timeZone).month, 1),
        consumption: 1500,
      })
      .execute();
    // The space's own state is the space's: it is not repeated on every line.
    await treasurer.operator.call('space.setReadOnly', { orgCode: treasurer.orgCode, readOnly: true });

    const lines = new Map((await partitionAccounts(treasurer.client, partitionId)).accounts.map((a) => [a.id, a.restrictions]));
    const partition = { state: 'read-only', level: 'partition' };
    expect(lines).toEqual(
      new Map([
        [bob.client.member.id, [{ state: 'read-only', level: 'account' }, partition]],
        [carol.client.member.id, [partition, { state: 'minimal', level: 'account' }]],
        [eve.client.member.id, [partition]],
      ]),
    );
    // Each line is what the pipeline finds for that account on its own requests, the space's state aside.
    for (const member of [bob, carol, eve]) {
      const own = (await member.client.call('account.show')).restrictions;
      expect(own.filter((r) => r.level !== 'space')).toEqual(lines.get(member.client.member.id));
      expect(own).toContainEqual({ state: 'read-only', level: 'space' });
    }
  });
});
