import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };
const sponsorshipPhrase = 'la phrase de sponsoring du comptable';

describeEngines('space.setFrozen', (engine) => {
  const site = operatedSite(engine);

  it('freezes over read-only, and unfreezing returns to it', async () => {
    await site.alice.openSpace('asso1', quotas, sponsorshipPhrase);
    await site.alice.call('space.setReadOnly', { orgCode: 'asso1', readOnly: true });
    expect(await site.alice.call('space.setFrozen', { orgCode: 'asso1', frozen: true })).toMatchObject({
      state: 'frozen',
      frozen: true,
      readOnly: true,
    });
    expect(await site.alice.call('space.setFrozen', { orgCode: 'asso1', frozen: false })).toMatchObject({
      state: 'read-only',
      frozen: false,
    });
  });

  it('refuses the creation of the treasurer while frozen', async () => {
    await site.alice.openSpace('asso2', quotas, sponsorshipPhrase);
    await site.alice.call('space.setFrozen', { orgCode: 'asso2', frozen: true });
    const treasurerPhrase = 'ma phrase secrète de comptable, longue';
    expect((await refusal(new IlotClient(site.server.url).createTreasurer('asso2', sponsorshipPhrase, treasurerPhrase))).code).toBe(
      'SPACE_FROZEN',
    );
    await site.alice.call('space.setFrozen', { orgCode: 'asso2', frozen: false });
    await new IlotClient(site.server.url).createTreasurer('asso2', sponsorshipPhrase, treasurerPhrase);
  });

  it('is for admins, and the refusal is audited', async () => {
    await site.alice.openSpace('asso3', quotas, sponsorshipPhrase);
    expect((await refusal(site.oscar.call('space.setFrozen', { orgCode: 'asso3', frozen: true }))).code).toBe('FORBIDDEN');
    expect((await site.oscar.call('space.show', { orgCode: 'asso3' })).state).toBe('open');
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('actor', '=', 'oscar')
      .where('action', '=', 'space.setFrozen')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ target: 'asso3', result: 'error', error_code: 'FORBIDDEN' });
  });
});
