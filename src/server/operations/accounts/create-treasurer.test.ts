import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const quotas = { documents: 100, volumeBytes: 1_000_000, monthlyCents: 100, maxAccounts: 5 };
let spaces = 0;

describeEngines('account.createTreasurer', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  /** A new space and the phrase of its treasurer sponsorship. */
  async function openSpace(): Promise<{ orgCode: string; sponsorship: string }> {
    const orgCode = `treas${++spaces}`;
    const sponsorship = `sponsoring ${orgCode}, the treasurer of a new space`;
    await (await operatorClient(server.url, 'alice')).openSpace(orgCode, quotas, sponsorship);
    return { orgCode, sponsorship };
  }

  it('creates the account, never expiring, with its key material and primary avatar, and uses up the sponsorship', async () => {
    const { orgCode, sponsorship } = await openSpace();
    const created = await new IlotClient(server.url).createTreasurer(orgCode, sponsorship, 'the treasurer keeps this passphrase');
    expect(created.avatarName).toBe('Treasurer');
    const db = server.store.db;
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', created.accountId).executeTakeFirstOrThrow();
    expect(account).toMatchObject({ roles: 'treasurer', expires_at: null, kind: null, partition_id: null });
    expect(account.wrapped_space_key).not.toBeNull();
    const avatar = await db.selectFrom('avatars').selectAll().where('id', '=', created.avatarId).executeTakeFirstOrThrow();
    expect(avatar).toMatchObject({ account_id: created.accountId, name: 'Treasurer', is_primary: 1 });
    const used = await db.selectFrom('sponsorships').select('used_at').where('space_id', '=', account.space_id).executeTakeFirstOrThrow();
    expect(used.used_at).toBeGreaterThan(0);
    expect(
      (await refusal(new IlotClient(server.url).createTreasurer(orgCode, sponsorship, 'a second treasurer is one too many'))).code,
    ).toBe('SPONSORSHIP_INVALID');
  });

  it('refuses a phrase that opens no treasurer sponsorship, and an org code of no space, alike', async () => {
    const { orgCode, sponsorship } = await openSpace();
    const accounts = async () => (await server.store.db.selectFrom('accounts').select('id').execute()).length;
    const before = await accounts();
    for (const [code, phrase] of [
      [orgCode, 'not the sponsorship phrase of this space'],
      ['nosuchspace', sponsorship],
    ] as const) {
      expect((await refusal(new IlotClient(server.url).createTreasurer(code, phrase, 'a passphrase that will never be used'))).code).toBe(
        'SPONSORSHIP_INVALID',
      );
    }
    expect(await accounts()).toBe(before);
  });
});
