import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };

describeEngines('space.setReadOnly', (engine) => {
  const site = operatedSite(engine);
  beforeAll(async () => {
    await site.alice.openSpace('asso1', quotas, 'la phrase de sponsoring du comptable');
  });

  it('sets and lifts read-only, audited', async () => {
    expect(await site.alice.call('space.setReadOnly', { orgCode: 'asso1', readOnly: true })).toMatchObject({
      state: 'read-only',
      readOnly: true,
    });
    expect(await site.alice.call('space.setReadOnly', { orgCode: 'asso1', readOnly: false })).toMatchObject({
      state: 'open',
      readOnly: false,
    });
    const entries = await site.server.store.db
      .selectFrom('audit_entries')
      .select('details')
      .where('action', '=', 'space.setReadOnly')
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => JSON.parse(e.details!) as unknown)).toEqual([{ readOnly: true }, { readOnly: false }]);
  });

  it('is for admins', async () => {
    expect((await refusal(site.oscar.call('space.setReadOnly', { orgCode: 'asso1', readOnly: true }))).code).toBe('FORBIDDEN');
    expect((await site.oscar.call('space.show', { orgCode: 'asso1' })).readOnly).toBe(false);
  });
});
