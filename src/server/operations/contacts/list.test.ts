import { afterAll, beforeAll, expect, it } from 'vitest';
import { addContact, contacts, createAvatar, deleteAvatar, setContactPhrase } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('contact.list', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // No task engine: the contact must still show as gone, before the purge would remove it.
    server = await startTestServer(engine, { ...(await withOperators()), tasks: { enabled: false } });
  });
  afterAll(() => server.stop());

  it('lists the contacts of all the session’s avatars, the primary’s first, a deleted avatar showing as gone', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Robert');
    await setContactPhrase(bob.client, pseudo.id, 'Robert has his own phrase');
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    await addContact(carol.client, carol.client.member.avatars[0]!.id, 'Robert has his own phrase');

    const listed = await contacts(bob.client);
    expect(listed.map((c) => [c.avatarId, c.name, c.origin, c.gone])).toEqual([
      [bob.client.member.avatars[0]!.id, 'Treasurer', 'sponsorship', false],
      [pseudo.id, 'Carol', 'phrase', false],
    ]);
    const { contacts: rows } = await bob.client.call('contact.list');
    expect(rows[1]).toMatchObject({
      contactId: carol.client.member.avatars[0]!.id,
      ecdhPublicKey: carol.client.member.avatars[0]!.ecdhPublicKey,
      card: null,
      note: null,
    });

    await deleteAvatar(bob.client, pseudo.id);
    expect((await contacts(carol.client)).map((c) => [c.contactId, c.name, c.gone])).toEqual([[pseudo.id, null, true]]);
    expect((await contacts(bob.client)).map((c) => c.name)).toEqual(['Treasurer']);
  });
});
