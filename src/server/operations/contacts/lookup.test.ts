import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAvatar, lookupContact, setCard, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('contact.lookup', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('finds the avatar a contact phrase designates and opens its card; another phrase finds nobody, no sooner than a second', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const pseudo = await createAvatar(carol.client, 'Caro');
    await setCard(carol.client, pseudo.id, { text: 'Chorale du mardi', photo: null });
    const phrase = 'carol sings on tuesdays, ask her';
    await setContactPhrase(carol.client, pseudo.id, phrase);

    expect(await lookupContact(treasurer.client, phrase)).toEqual({
      avatarId: pseudo.id,
      name: 'Caro',
      card: { text: 'Chorale du mardi', photo: null },
    });
    const started = Date.now();
    expect((await refusal(lookupContact(treasurer.client, 'not the phrase of anyone here'))).code).toBe('CONTACT_PHRASE_INVALID');
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    // A passphrase is no contact phrase, even with its own keys.
    expect((await refusal(lookupContact(treasurer.client, carol.passphrase))).code).toBe('CONTACT_PHRASE_INVALID');
  });
});
