import { afterAll, beforeAll, expect, it } from 'vitest';
import { avatars, createAvatar } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('avatar.create', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('creates secondary avatars with 16-digit numbers of the space, keeping their public and wrapped keys', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const created = await createAvatar(bob.client, 'Bob le pseudo');
    expect(created).toEqual({ id: expect.stringMatching(/^\d{16}$/), name: 'Bob le pseudo' });
    expect(created.id.slice(0, 2)).toBe(bob.client.member.id.slice(0, 2));
    expect((await avatars(bob.client)).map((a) => [a.id, a.name, a.primary])).toEqual([
      [bob.client.member.avatars[0]!.id, 'Bob', true],
      [created.id, 'Bob le pseudo', false],
    ]);
    const row = await server.store.db.selectFrom('avatars').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    const sent = bob.client.member.avatars.find((a) => a.id === created.id)!;
    expect(row).toMatchObject({
      account_id: bob.client.member.id,
      ecdh_public_key: sent.ecdhPublicKey,
      wrapped_private_keys: sent.wrappedPrivateKeys,
      wrapped_card_key: sent.wrappedCardKey,
      is_primary: 0,
    });
  });

  it('refuses names with a number sign, surrounding spaces or too many characters', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    for (const name of ['Bob#1234', ' padded ', '', 'x'.repeat(41)])
      expect([name, (await refusal(createAvatar(treasurer.client, name))).code]).toEqual([name, 'VALIDATION_FAILED']);
    expect(await avatars(treasurer.client)).toHaveLength(1);
  });
});
