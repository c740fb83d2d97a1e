import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { newAvatarMaterial } from '../../../client/account-keys.js';
import { avatars, createAvatar } from '../../../client/membership.js';
import { createNote } from '../../../client/notes.js';
import { newScopedId, spaceOfId } from '../../../shared/ids.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { accountRow, spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
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
      account_id: null,
      ecdh_public_key: sent.ecdhPublicKey,
      wrapped_private_keys: sent.wrappedPrivateKeys,
      wrapped_card_key: sent.wrappedCardKey,
      is_primary: 0,
      proof_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Its times say no more than a month: created on day 1 at midnight, living to the end of a month.
    expect(new Date(Number(row.created_at)).toISOString()).toMatch(/-01T00:00:00.000Z$/);
    expect(new Date(Number(row.expires_at) + 1).toISOString()).toMatch(/-01T00:00:00.000Z$/);
    const account = await accountRow(server, bob);
    expect(account).toMatchObject({ secondary_avatars: 1, keyring_revision: 1 });
    expect(account.keyring).not.toContain(created.id);

    // Another session of the account finds it through the keyring, and acts as it.
    const again = new IlotClient(server.url);
    await again.signIn(bob.orgCode, bob.passphrase);
    expect(again.member.avatars.map((a) => a.id)).toEqual([bob.client.member.avatars[0]!.id, created.id]);
    await createNote(again, created.id, { text: 'written from another device', hashtags: [] });
  });

  it('refuses a stale keyring, a number taken or not an avatar’s, and writes nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const first = await createAvatar(bob.client, 'First');
    const keys = (await newAvatarMaterial(bob.client.member.keys.accountKey)).keys;
    const space = spaceOfId(bob.client.member.id);
    const attempt = (id: string, revision: number) =>
      bob.client.call('avatar.create', { id, name: 'Second', keys, proofHash: 'a'.repeat(64), keyring: { sealed: 'AAAA', revision } });
    expect((await refusal(attempt(newScopedId(space, 'avatar'), 0))).code).toBe('KEYRING_CHANGED');
    expect((await refusal(attempt(first.id, 1))).code).toBe('AVATAR_ID_TAKEN');
    expect((await refusal(attempt(newScopedId(space, 'note'), 1))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(attempt(newScopedId(space === 10 ? 11 : 10, 'avatar'), 1))).code).toBe('CROSS_SPACE');
    const account = await accountRow(server, bob);
    expect(account).toMatchObject({ secondary_avatars: 1, keyring_revision: 1 });
    expect((await avatars(bob.client)).map((a) => a.name)).toEqual(['Bob', 'First']);
  });

  it('refuses names with a number sign, surrounding spaces or too many characters', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    for (const name of ['Bob#1234', ' padded ', '', 'x'.repeat(41)])
      expect([name, (await refusal(createAvatar(treasurer.client, name))).code]).toEqual([name, 'VALIDATION_FAILED']);
    expect(await avatars(treasurer.client)).toHaveLength(1);
  });
});
