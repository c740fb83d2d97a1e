import { afterAll, beforeAll, expect, it } from 'vitest';
import { avatars, createAvatar, lookupContact, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('avatar.setContactPhrase', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('sets, changes and erases a contact phrase: only the current one finds the avatar', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const pseudo = await createAvatar(carol.client, 'Caro');
    const phrase = 'carol sings on tuesdays, ask her';
    await setContactPhrase(carol.client, pseudo.id, phrase);
    expect((await avatars(carol.client)).map((a) => a.hasContactPhrase)).toEqual([false, true]);
    expect((await lookupContact(treasurer.client, phrase)).avatarId).toBe(pseudo.id);

    await setContactPhrase(carol.client, pseudo.id, 'carol changed her contact phrase');
    expect((await refusal(lookupContact(treasurer.client, phrase))).code).toBe('CONTACT_PHRASE_INVALID');
    expect((await lookupContact(treasurer.client, 'carol changed her contact phrase')).avatarId).toBe(pseudo.id);
    // The old prefix is free again; the new one is taken.
    await setContactPhrase(treasurer.client, treasurer.client.member.avatars[0]!.id, phrase);
    expect(
      (await refusal(setContactPhrase(treasurer.client, treasurer.client.member.avatars[0]!.id, 'carol changed her mind again'))).code,
    ).toBe('PHRASE_TOO_CLOSE');

    await setContactPhrase(carol.client, pseudo.id, null);
    expect((await refusal(lookupContact(treasurer.client, 'carol changed her contact phrase'))).code).toBe('CONTACT_PHRASE_INVALID');
    expect((await avatars(carol.client)).map((a) => a.hasContactPhrase)).toEqual([false, false]);
  });

  it('refuses the avatars of another account', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const refused = await refusal(
      treasurer.client.call('avatar.setContactPhrase', { avatarId: bob.client.member.avatars[0]!.id, phrase: null }),
    );
    expect(refused.code).toBe('AVATAR_NOT_FOUND');
  });
});
