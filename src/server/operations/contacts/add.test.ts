import { afterAll, beforeAll, expect, it } from 'vitest';
import { addContact, contacts, createAvatar, setCard, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('contact.add', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('adds the avatar of a contact phrase as a reciprocal contact, once, and never oneself', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', {}, { contact: false });
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const pseudo = await createAvatar(carol.client, 'Caro');
    const phrase = 'carol sings on tuesdays, ask her';
    await setContactPhrase(carol.client, pseudo.id, phrase);

    const bobAvatar = bob.client.member.avatars[0]!.id;
    expect(await addContact(bob.client, bobAvatar, phrase)).toEqual({ contactId: pseudo.id, name: 'Caro' });
    expect((await refusal(addContact(bob.client, bobAvatar, phrase))).code).toBe('CONTACT_EXISTS');
    expect((await refusal(addContact(carol.client, pseudo.id, phrase))).code).toBe('CONTACT_SELF');

    // Reciprocal: Carol's pseudonym has Bob, with his card readable.
    await setCard(bob.client, bobAvatar, { text: 'Bob, ténor', photo: null });
    expect((await contacts(carol.client)).map((c) => [c.avatarId, c.name, c.card?.text, c.origin])).toEqual([
      [pseudo.id, 'Bob', 'Bob, ténor', 'phrase'],
    ]);
  });

  it('adds contacts to the account’s own avatars only', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', {}, { contact: false });
    await setContactPhrase(bob.client, bob.client.member.avatars[0]!.id, 'find Bob with this phrase');
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const input = {
      avatarId: carol.client.member.avatars[0]!.id,
      phrase: await treasurer.client.phraseKeys('find Bob with this phrase', treasurer.orgCode),
      theirCardKeyForMe: 'AAAA',
      myCardKeyForThem: 'AAAA',
    };
    expect((await refusal(treasurer.client.call('contact.add', input))).code).toBe('AVATAR_NOT_FOUND');
    expect(await contacts(carol.client)).toEqual([]);
  });
});
