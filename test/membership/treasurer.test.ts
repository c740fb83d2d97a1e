import { expect, it } from 'vitest';
import { IlotClient, IlotClientError } from '../../src/client/client.js';
import { openAvatarPrivateKeys } from '../../src/client/account-keys.js';
import { describeEngines } from '../support/engines.js';
import { operatedSite } from '../support/members.js';
import { refusal } from '../support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };
const sponsorshipPhrase = 'la phrase de sponsoring du comptable';
const treasurerPhrase = 'ma phrase secrète de comptable, longue';

describeEngines('treasurer bootstrap', (engine) => {
  const site = operatedSite(engine);

  const spaceIdOf = async (orgCode: string) =>
    (await site.server.store.db.selectFrom('spaces').select('id').where('org_code', '=', orgCode).executeTakeFirstOrThrow()).id;

  it('lets the treasurer read the conditions, create the account once, then sign in and open its keys', async () => {
    await site.alice.openSpace('asso1', quotas, sponsorshipPhrase);
    const bodies: string[] = [];
    const spying: typeof fetch = async (url, init) => {
      bodies.push(typeof init?.body === 'string' ? init.body : '');
      return fetch(url, init);
    };
    const person = new IlotClient(site.server.url, { fetch: spying });
    expect((await person.viewTreasurerSponsorship('asso1', sponsorshipPhrase)).quotas).toEqual(quotas);
    expect((await refusal(person.viewTreasurerSponsorship('asso1', 'not the sponsorship phrase at all'))).code).toBe('SPONSORSHIP_INVALID');
    const created = await person.createTreasurer('asso1', sponsorshipPhrase, treasurerPhrase);
    expect(created.avatarName).toBe('Treasurer');
    expect(created.accountId).toMatch(/^102\d{13}$/);
    expect(created.avatarId).toMatch(/^103\d{13}$/);
    expect((await refusal(person.createTreasurer('asso1', sponsorshipPhrase, 'yet another passphrase for a second one'))).code).toBe(
      'SPONSORSHIP_INVALID',
    );

    const treasurer = new IlotClient(site.server.url, { fetch: spying });
    const account = await treasurer.signIn('asso1', treasurerPhrase);
    const sent = bodies.join('\n');
    for (const secret of [sponsorshipPhrase, treasurerPhrase, treasurerPhrase.slice(0, 12)]) expect(sent).not.toContain(secret);
    expect(account).toMatchObject({ id: created.accountId, roles: ['treasurer'], avatars: [{ id: created.avatarId, name: 'Treasurer' }] });
    expect(account.keys.spaceKey).not.toBeNull();
    const privateKeys = await openAvatarPrivateKeys(account.keys.accountKey, account.avatars[0]!.wrappedPrivateKeys);
    expect(privateKeys.signing.length).toBeGreaterThan(100);
    expect((await refusal(new IlotClient(site.server.url).signIn('asso1', 'a wrong passphrase, but long enough'))).code).toBe(
      'SIGNIN_FAILED',
    );
  });

  it('lets only one of two concurrent creations with the same sponsorship win', async () => {
    await site.alice.openSpace('asso2', quotas, sponsorshipPhrase);
    const creations = await Promise.allSettled([
      new IlotClient(site.server.url).createTreasurer('asso2', sponsorshipPhrase, treasurerPhrase),
      new IlotClient(site.server.url).createTreasurer('asso2', sponsorshipPhrase, 'a second treasurer would be one too many'),
    ]);
    expect(creations.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as IlotClientError).code)).sort()).toEqual([
      'SPONSORSHIP_INVALID',
      'ok',
    ]);
    expect(
      await site.server.store.db
        .selectFrom('accounts')
        .selectAll()
        .where('space_id', '=', await spaceIdOf('asso2'))
        .execute(),
    ).toHaveLength(1);
  });

  it('refuses a passphrase that starts like the sponsorship phrase, writing nothing', async () => {
    await site.alice.openSpace('asso3', quotas, sponsorshipPhrase);
    const error = await refusal(
      new IlotClient(site.server.url).createTreasurer(
        'asso3',
        sponsorshipPhrase,
        sponsorshipPhrase.slice(0, 12) + ' mais la suite diffère',
      ),
    );
    expect(error.code).toBe('PHRASE_TOO_CLOSE');
    const spaceId = await spaceIdOf('asso3');
    expect(await site.server.store.db.selectFrom('accounts').selectAll().where('space_id', '=', spaceId).execute()).toEqual([]);
    expect(
      (await site.server.store.db.selectFrom('sponsorships').select('used_at').where('space_id', '=', spaceId).executeTakeFirstOrThrow())
        .used_at,
    ).toBeNull();
  });

  it('keeps sessions in their space: a treasurer naming another space is refused and audited; operator routes are closed to members', async () => {
    await site.alice.openSpace('asso4', quotas, sponsorshipPhrase);
    await site.alice.openSpace('asso5', quotas, 'the sponsorship phrase of the second space');
    await new IlotClient(site.server.url).createTreasurer('asso4', sponsorshipPhrase, treasurerPhrase);
    const treasurer = new IlotClient(site.server.url);
    await treasurer.signIn('asso4', treasurerPhrase);
    const cross = await refusal(treasurer.viewTreasurerSponsorship('asso5', 'the sponsorship phrase of the second space'));
    expect([cross.code, cross.status]).toEqual(['CROSS_SPACE', 403]);
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('error_code', '=', 'CROSS_SPACE')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ space_id: await spaceIdOf('asso4'), action: 'sponsorship.viewTreasurer' });
    for (const operation of [
      'space.list',
      'space.show',
      'space.open',
      'space.setQuotas',
      'space.setNotification',
      'space.setSigninBan',
      'space.setReadOnly',
      'space.setFrozen',
      'space.close',
      'operator.sessions.list',
      'operator.sessions.revoke',
    ]) {
      const response = await fetch(`${site.server.url}/api/ops/${operation}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${treasurer.sessionToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect([operation, response.status]).toEqual([operation, response.status === 400 ? 400 : 403]);
    }
  });
});
