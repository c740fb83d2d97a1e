import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('space.setOptions', (engine) => {
  const site = operatedSite(engine);

  it('sets the options the treasurer names, keeps the others, and audits it in the space', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    expect(await treasurer.client.call('space.setOptions', {})).toEqual({
      acceptsAAccounts: false,
      switchToANeedsConsent: false,
      lifetimeMonths: 12,
    });
    expect(await treasurer.client.call('space.setOptions', { lifetimeMonths: 24 })).toEqual({
      acceptsAAccounts: false,
      switchToANeedsConsent: false,
      lifetimeMonths: 24,
    });
    expect(await treasurer.client.call('space.setOptions', { acceptsAAccounts: true })).toEqual({
      acceptsAAccounts: true,
      switchToANeedsConsent: false,
      lifetimeMonths: 24,
    });
    expect(await treasurer.client.call('space.setOptions', { switchToANeedsConsent: true })).toEqual({
      acceptsAAccounts: true,
      switchToANeedsConsent: true,
      lifetimeMonths: 24,
    });
    const { id: spaceId } = await site.server.store.db
      .selectFrom('spaces')
      .select('id')
      .where('org_code', '=', treasurer.orgCode)
      .executeTakeFirstOrThrow();
    const entries = await site.server.store.db
      .selectFrom('audit_entries')
      .select('details')
      .where('space_id', '=', spaceId)
      .where('action', '=', 'space.setOptions')
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => JSON.parse(e.details ?? 'null') as unknown)).toEqual([
      {},
      { lifetimeMonths: 24 },
      { acceptsAAccounts: true },
      { switchToANeedsConsent: true },
    ]);
  });

  it('is for the treasurer, within the lifetimes offered', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const plain = await sponsored(treasurer, 'Plain');
    expect((await refusal(plain.client.call('space.setOptions', { lifetimeMonths: 3 }))).code).toBe('FORBIDDEN');
    expect((await refusal(treasurer.client.call('space.setOptions', { lifetimeMonths: 5 as never }))).code).toBe('VALIDATION_FAILED');
    expect(await treasurer.client.call('space.setOptions', {})).toEqual({
      acceptsAAccounts: false,
      switchToANeedsConsent: false,
      lifetimeMonths: 12,
    });
  });
});
