import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { keyDerivationKey } from '../../../domain/key-derivation.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { testArgon2 } from '../../../../test/support/operators.js';

const quotas = { documents: 1000, volumeBytes: 5_000_000_000, monthlyCents: 2000, maxAccounts: 50 };
const sponsorshipPhrase = 'la phrase de sponsoring du comptable';
const passphrase = 'ma phrase secrète de comptable, longue';

describeEngines('space.keyDerivation', (engine) => {
  const site = operatedSite(engine);
  const ask = (orgCode: string) => new IlotClient(site.server.url).call('space.keyDerivation', { orgCode });

  it("answers the space's own org code and the site's cost, and the same for an org code of no space", async () => {
    await site.alice.openSpace('kdone', quotas, sponsorshipPhrase);
    expect(await ask('kdone')).toEqual({ orgCode: 'kdone', argon2: testArgon2 });
    expect(await ask('nospace1')).toEqual({ orgCode: 'nospace1', argon2: testArgon2 });
  });

  it('answers what a moved space keeps, and members sign in with it under the new org code', async () => {
    // The space was created as "kdold" (keys derived with that code), then renamed as an import does.
    await site.alice.openSpace('kdold', quotas, sponsorshipPhrase);
    await new IlotClient(site.server.url).createTreasurer('kdold', sponsorshipPhrase, passphrase);
    const { id } = await site.server.store.db.selectFrom('spaces').select('id').where('org_code', '=', 'kdold').executeTakeFirstOrThrow();
    await site.server.store.db.updateTable('spaces').set({ org_code: 'kdnew' }).where('id', '=', id).execute();
    const kept = { orgCode: 'kdold', argon2: testArgon2 };
    await site.server.store.db
      .insertInto('site_settings')
      .values({ space_id: id, key: keyDerivationKey, value: JSON.stringify(kept) })
      .execute();
    expect(await ask('kdnew')).toEqual(kept);
    const member = new IlotClient(site.server.url);
    expect((await member.signIn('kdnew', passphrase)).orgCode).toBe('kdnew');
    // The old code names no space any more.
    await expect(new IlotClient(site.server.url).signIn('kdold', passphrase)).rejects.toMatchObject({ code: 'SIGNIN_FAILED' });
  });

  it('validates the org code', async () => {
    await expect(ask('NO')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
