import { expect, it } from 'vitest';
import { agreeToSwitch, partitionAccounts, switchToA } from '../../../client/partitions.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { storedAccount } from '../../../../test/support/partitions.js';

describeEngines('account.switchToA and account.agreeToSwitch', (engine) => {
  const site = operatedSite(engine);

  it('switches an O account to A at once when the space asks no consent; a delegate loses the role', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const first = await defaultPartition(treasurer);
    const dora = await sponsored(treasurer, 'Dora', { delegate: true });
    const eve = await sponsored(treasurer, 'Eve', { delegate: true });
    expect(await switchToA(dora.client, first, eve.client.member.id)).toEqual({ accountId: eve.client.member.id, kind: 'A' });
    expect(await storedAccount(site.server, eve)).toMatchObject({ kind: 'A', partition_id: null, roles: '', quota_documents: 100 });
    expect((await refusal(partitionAccounts(eve.client, first))).code).toBe('FORBIDDEN');
    expect((await refusal(switchToA(dora.client, first, eve.client.member.id))).code).toBe('ACCOUNT_NOT_IN_PARTITION');
  });

  it("needs the account's unexpired consent when the space asks for it, and consumes it", async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    await treasurer.client.call('space.setOptions', { switchToANeedsConsent: true });
    const first = await defaultPartition(treasurer);
    const bob = await sponsored(treasurer, 'Bob');
    const accountId = bob.client.member.id;
    expect((await refusal(switchToA(treasurer.client, first, accountId))).code).toBe('SWITCH_CONSENT_REQUIRED');
    expect((await storedAccount(site.server, bob)).kind).toBe('O');

    const consent = await agreeToSwitch(bob.client);
    expect(consent.to).toBe('A');
    // An expired consent counts for nothing.
    await site.server.store.db.updateTable('switch_agreements').set({ expires_at: 1 }).where('account_id', '=', accountId).execute();
    expect((await refusal(switchToA(treasurer.client, first, accountId))).code).toBe('SWITCH_CONSENT_REQUIRED');
    await agreeToSwitch(bob.client);
    await switchToA(treasurer.client, first, accountId);
    expect((await storedAccount(site.server, bob)).kind).toBe('A');
    expect(await site.server.store.db.selectFrom('switch_agreements').selectAll().where('account_id', '=', accountId).execute()).toEqual(
      [],
    );
  });

  it('is refused to a member and to a delegate of another partition; the treasurer cannot agree to switch', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { documents: 1000, volumeBytes: 1_000_000_000 });
    const first = await defaultPartition(treasurer);
    await treasurer.client.call('partition.setQuotas', { partitionId: first, quotas: { documents: 500, volumeBytes: 500_000_000 } });
    const other = await treasurer.client.call('partition.create', { name: 'Other', quotas: { documents: 500, volumeBytes: 500_000_000 } });
    const dora = await sponsored(treasurer, 'Dora', { delegate: true, partitionId: other.id });
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(switchToA(dora.client, first, bob.client.member.id))).code).toBe('FORBIDDEN');
    expect((await refusal(switchToA(bob.client, first, bob.client.member.id))).code).toBe('FORBIDDEN');
    expect((await refusal(agreeToSwitch(treasurer.client))).code).toBe('ACCOUNT_KIND_MISMATCH');
    expect((await storedAccount(site.server, bob)).kind).toBe('O');
  });
});
