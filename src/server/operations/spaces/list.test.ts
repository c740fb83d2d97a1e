import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };

describeEngines('space.list', (engine) => {
  const site = operatedSite(engine);

  it('lists every space by number with its state, quotas and usage, to observers too', async () => {
    await site.alice.openSpace('asso1', quotas, 'la phrase de sponsoring du comptable');
    await site.alice.openSpace('asso1demo', quotas, 'another sponsorship phrase, for the demo');
    await site.alice.call('space.setFrozen', { orgCode: 'asso1demo', frozen: true });
    const { orgCode } = await spaceWithTreasurer(site.server.url, quotas);
    const { spaces } = await site.oscar.call('space.list');
    expect(spaces.map((s) => [s.orgCode, s.number, s.state, s.usage.accounts])).toEqual([
      ['asso1', 10, 'open', 0],
      ['asso1demo', 11, 'frozen', 0],
      [orgCode, 12, 'open', 1],
    ]);
    expect(spaces[0]).toMatchObject({ quotas, readOnly: false, frozen: false, notification: null, closedAt: null });
  });

  it('is for operators only', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    expect((await refusal(new IlotClient(site.server.url).call('space.list'))).code).toBe('AUTH_REQUIRED');
    expect((await refusal(treasurer.client.call('space.list'))).code).toBe('FORBIDDEN');
  });
});
