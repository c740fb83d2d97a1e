import { afterAll, beforeAll, expect, it } from 'vitest';
import { avatars, createAvatar, setCard } from '../../../client/membership.js';
import { cardMaxLength, cardPhotoMaxBytes, cardTextMaxLength } from '../../../shared/limits.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const photo = new Uint8Array(60 * 1024).map((_, i) => i % 251);

describeEngines('avatar.setCard', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('sets a card only its owner edits, stored encrypted, and erases it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const created = await createAvatar(bob.client, 'Bob le pseudo');
    await setCard(bob.client, created.id, { text: 'Photographe amateur', photo });
    const mine = await avatars(bob.client);
    expect(mine.map((a) => [a.name, a.card?.text ?? null])).toEqual([
      ['Bob', null],
      ['Bob le pseudo', 'Photographe amateur'],
    ]);
    expect(mine[1]!.card!.photo).toEqual(photo);
    // The server holds ciphertext only.
    const row = await server.store.db.selectFrom('avatars').select('card').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.card).not.toContain('Photographe');

    // Nobody else edits it.
    expect((await refusal(treasurer.client.call('avatar.setCard', { avatarId: created.id, card: null }))).code).toBe('AVATAR_NOT_FOUND');
    await setCard(bob.client, created.id, null);
    expect((await avatars(bob.client))[1]!.card).toBeNull();
  });

  it('refuses a card too large, in the client before sending and in the server if sent anyway', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    await setCard(treasurer.client, avatarId, { text: 'é'.repeat(cardTextMaxLength), photo: new Uint8Array(cardPhotoMaxBytes) });
    expect((await refusal(setCard(treasurer.client, avatarId, { text: 'x'.repeat(cardTextMaxLength + 1), photo: null }))).code).toBe(
      'CARD_TOO_LARGE',
    );
    expect((await refusal(setCard(treasurer.client, avatarId, { text: '', photo: new Uint8Array(cardPhotoMaxBytes + 1) }))).code).toBe(
      'CARD_TOO_LARGE',
    );
    const refused = await refusal(treasurer.client.call('avatar.setCard', { avatarId, card: 'A'.repeat(cardMaxLength + 1) }));
    expect([refused.code, refused.status, refused.details]).toEqual(['CARD_TOO_LARGE', 413, { maxLength: cardMaxLength }]);
    expect((await avatars(treasurer.client))[0]!.card?.text).toBe('é'.repeat(cardTextMaxLength));
  });
});
