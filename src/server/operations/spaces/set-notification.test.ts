import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('space.setNotification', (engine) => {
  const site = operatedSite(engine);

  it('posts a notification the accounts of the space see at sign-in, then clears it', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const posted = await treasurer.operator.call('space.setNotification', { orgCode: treasurer.orgCode, text: 'Maintenance samedi' });
    expect(posted.notification).toBe('Maintenance samedi');
    expect((await new IlotClient(site.server.url).signIn(treasurer.orgCode, treasurer.passphrase)).notifications).toEqual([
      { level: 'space', text: 'Maintenance samedi', restriction: null, at: expect.any(Number) as number },
    ]);
    expect((await treasurer.operator.call('space.setNotification', { orgCode: treasurer.orgCode, text: null })).notification).toBeNull();
    expect((await new IlotClient(site.server.url).signIn(treasurer.orgCode, treasurer.passphrase)).notifications).toEqual([]);
    const targets = await site.server.store.db
      .selectFrom('audit_entries')
      .select(['target', 'result'])
      .where('action', '=', 'space.setNotification')
      .orderBy('seq')
      .execute();
    expect(targets).toEqual([
      { target: treasurer.orgCode, result: 'ok' },
      { target: treasurer.orgCode, result: 'ok' },
    ]);
  });

  it('refuses observers and empty text', async () => {
    const { orgCode, operator } = await spaceWithTreasurer(site.server.url);
    expect((await refusal(site.oscar.call('space.setNotification', { orgCode, text: 'Bonjour' }))).code).toBe('FORBIDDEN');
    expect((await refusal(operator.call('space.setNotification', { orgCode, text: '' }))).code).toBe('VALIDATION_FAILED');
  });
});
