import { expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite, spaceWithTreasurer } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { postJsonText } from '../../../../test/support/raw-requests.js';
import { maxTimestamp } from '../../../shared/integers.js';

describeEngines('space.setSigninBan', (engine) => {
  const site = operatedSite(engine);

  it('refuses sign-ins and the calls of open sessions from the date on, until it is lifted', async () => {
    const treasurer = await spaceWithTreasurer(site.server.url);
    const { orgCode, operator } = treasurer;
    expect((await operator.call('space.setSigninBan', { orgCode, from: 1_900_000_000_000 })).signinBanAt).toBe(1_900_000_000_000);
    await new IlotClient(site.server.url).signIn(orgCode, treasurer.passphrase);

    await operator.call('space.setSigninBan', { orgCode, from: Date.now() - 1000 });
    expect((await refusal(new IlotClient(site.server.url).signIn(orgCode, treasurer.passphrase))).code).toBe('SIGNIN_BANNED');
    expect((await refusal(treasurer.client.signOut())).code).toBe('SIGNIN_BANNED');
    expect((await operator.call('space.setSigninBan', { orgCode, from: null })).signinBanAt).toBeNull();
    await new IlotClient(site.server.url).signIn(orgCode, treasurer.passphrase);
  });

  it('is for admins', async () => {
    const { orgCode } = await spaceWithTreasurer(site.server.url);
    expect((await refusal(site.oscar.call('space.setSigninBan', { orgCode, from: 0 }))).code).toBe('FORBIDDEN');
  });

  // SQLite would store these as floats, PostgreSQL refuse them past bigint: the schema refuses them first, on both.
  it('refuses a date past year 9999, however large, with VALIDATION_FAILED and changes nothing', async () => {
    const { orgCode } = await spaceWithTreasurer(site.server.url);
    for (const from of ['1e308', '9223372036854775808', String(maxTimestamp + 1), '-1', '1.5']) {
      const reply = await postJsonText(
        site.server.url,
        'space.setSigninBan',
        `{"orgCode":"${orgCode}","from":${from}}`,
        site.alice.sessionToken,
      );
      expect([from, reply.status, reply.body.code]).toEqual([from, 400, 'VALIDATION_FAILED']);
    }
    expect((await site.alice.call('space.show', { orgCode })).signinBanAt).toBeNull();
    expect((await site.alice.call('space.setSigninBan', { orgCode, from: maxTimestamp })).signinBanAt).toBe(maxTimestamp);
  });
});
