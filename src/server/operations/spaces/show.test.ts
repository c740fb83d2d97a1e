import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('space.show', (engine) => {
  const site = operatedSite(engine);

  it('shows a space to observers too, counting its accounts', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url, { maxAccounts: 20 });
    const space = await site.oscar.call('space.show', { orgCode: treasurer.orgCode });
    expect(space).toMatchObject({ orgCode: treasurer.orgCode, number: 10, state: 'open', usage: { accounts: 1 } });
    expect(space.quotas.maxAccounts).toBe(20);
  });

  it('answers SPACE_NOT_FOUND for an org code no space has', async () => {
    expect((await refusal(site.oscar.call('space.show', { orgCode: 'nope' }))).code).toBe('SPACE_NOT_FOUND');
    expect((await refusal(site.oscar.call('space.show', { orgCode: 'admin' }))).code).toBe('SPACE_NOT_FOUND');
  });
});
