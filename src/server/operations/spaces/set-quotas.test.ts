import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };

describeEngines('space.setQuotas', (engine) => {
  const site = operatedSite(engine);
  beforeAll(async () => {
    await site.alice.openSpace('asso1', quotas, 'la phrase de sponsoring du comptable');
  });

  it('changes the agreed quotas and audits the change', async () => {
    const changed = { ...quotas, documents: 10 };
    expect((await site.alice.call('space.setQuotas', { orgCode: 'asso1', quotas: changed })).quotas).toEqual(changed);
    expect((await site.oscar.call('space.show', { orgCode: 'asso1' })).quotas).toEqual(changed);
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'space.setQuotas')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ space_id: 0, actor: 'alice', target: 'asso1', result: 'ok' });
    expect(JSON.parse(entry.details!)).toEqual({ quotas: changed });
  });

  it('refuses observers, quotas out of bounds and unknown spaces', async () => {
    expect((await refusal(site.oscar.call('space.setQuotas', { orgCode: 'asso1', quotas }))).code).toBe('FORBIDDEN');
    expect((await refusal(site.alice.call('space.setQuotas', { orgCode: 'asso1', quotas: { ...quotas, maxAccounts: 0 } }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await refusal(site.alice.call('space.setQuotas', { orgCode: 'nope', quotas }))).code).toBe('SPACE_NOT_FOUND');
  });
});
