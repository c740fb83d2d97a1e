import { afterEach, expect, it } from 'vitest';
import { IlotClientError } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };
const sponsorshipPhrase = 'la phrase de sponsoring du comptable';

describeEngines('space.open', (engine) => {
  const site = operatedSite(engine, { maxSpaces: 3 });
  // Each test starts from a site without spaces: the limit is three.
  afterEach(async () => {
    const db = site.server.store.db;
    for (const table of ['sponsorships', 'phrase_prefixes', 'partitions', 'audit_entries'] as const) await db.deleteFrom(table).execute();
    await db.deleteFrom('spaces').where('id', '>=', 10).execute();
  });

  const spaceCount = async () => (await site.server.store.db.selectFrom('spaces').select('id').where('id', '>=', 10).execute()).length;
  const siteAudit = () => site.server.store.db.selectFrom('audit_entries').selectAll().where('space_id', '=', 0).orderBy('seq').execute();
  const outcomes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as IlotClientError).code)).sort();

  it('opens a space at once, numbered from 10, with its partition and the treasurer sponsorship, and audits it', async () => {
    expect(await site.alice.openSpace('asso1', quotas, sponsorshipPhrase)).toEqual({ orgCode: 'asso1', number: 10 });
    expect(await site.alice.openSpace('asso1demo', quotas, 'another sponsorship phrase, for the demo')).toEqual({
      orgCode: 'asso1demo',
      number: 11,
    });
    const db = site.server.store.db;
    expect(await db.selectFrom('partitions').select('name').where('space_id', '=', 10).execute()).toEqual([{ name: 'Default' }]);
    expect(await db.selectFrom('sponsorships').select(['role', 'used_at']).where('space_id', '=', 10).execute()).toEqual([
      { role: 'treasurer', used_at: null },
    ]);
    const [entry] = (await siteAudit()).filter((e) => e.action === 'space.open');
    expect(entry).toMatchObject({ actor: 'alice', role: 'operator:admin', target: 'asso1', result: 'ok' });
    expect(JSON.parse(entry!.details!)).toEqual({ number: 10, quotas });
  });

  it('refuses bad, reserved and taken org codes, and opening past the limit; nothing is written', async () => {
    for (const orgCode of ['abc', 'thirteenchars', 'Asso', 'as-so', 'asso_1']) {
      expect((await refusal(site.alice.openSpace(orgCode, quotas, sponsorshipPhrase))).code).toBe('VALIDATION_FAILED');
    }
    expect((await refusal(site.alice.openSpace('admin', quotas, sponsorshipPhrase))).code).toBe('ORG_CODE_RESERVED');
    await site.alice.openSpace('asso1', quotas, sponsorshipPhrase);
    expect((await refusal(site.alice.openSpace('asso1', quotas, 'a different sponsorship phrase here'))).code).toBe('ORG_CODE_TAKEN');
    await site.alice.openSpace('asso2', quotas, sponsorshipPhrase);
    await site.alice.openSpace('asso3', quotas, sponsorshipPhrase);
    const limit = await refusal(site.alice.openSpace('asso4', quotas, sponsorshipPhrase));
    expect([limit.code, limit.details]).toEqual(['SPACE_LIMIT_REACHED', { maxSpaces: 3 }]);
    const keys = await site.alice.phraseKeys(sponsorshipPhrase, 'asso5');
    expect(
      (await refusal(site.alice.call('space.open', { orgCode: 'asso5', quotas: { ...quotas, maxAccounts: 0 }, sponsorship: keys }))).code,
    ).toBe('VALIDATION_FAILED');
    expect(await spaceCount()).toBe(3);
    expect((await siteAudit()).filter((e) => e.result === 'error').map((e) => e.error_code)).toEqual([
      'ORG_CODE_RESERVED',
      'ORG_CODE_TAKEN',
      'SPACE_LIMIT_REACHED',
    ]);
  });

  it('is for admins: an observer cannot open a space', async () => {
    expect((await refusal(site.oscar.openSpace('asso2', quotas, sponsorshipPhrase))).code).toBe('FORBIDDEN');
    expect(await spaceCount()).toBe(0);
  });

  it('lets only one of two concurrent openings of an org code win', async () => {
    const opens = await Promise.allSettled([
      site.alice.openSpace('asso1', quotas, sponsorshipPhrase),
      site.alice.openSpace('asso1', quotas, 'the other sponsorship phrase for asso1'),
    ]);
    expect(outcomes(opens)).toEqual(['ORG_CODE_TAKEN', 'ok']);
    expect(await spaceCount()).toBe(1);
  });

  it('lets only one of two concurrent openings take the last place', async () => {
    await site.alice.openSpace('asso1', quotas, sponsorshipPhrase);
    await site.alice.openSpace('asso2', quotas, sponsorshipPhrase);
    const opens = await Promise.allSettled([
      site.alice.openSpace('asso3', quotas, sponsorshipPhrase),
      site.alice.openSpace('asso4', quotas, sponsorshipPhrase),
    ]);
    expect(outcomes(opens)).toEqual(['SPACE_LIMIT_REACHED', 'ok']);
    expect(await spaceCount()).toBe(3);
  });
});
