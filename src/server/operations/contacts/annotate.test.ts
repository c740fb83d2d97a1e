import { afterAll, beforeAll, expect, it } from 'vitest';
import { annotateContact, contacts } from '../../../client/membership.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('contact.annotate', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperators());
  });
  afterAll(() => server.stop());

  it('keeps the account’s private comment and hashtags on a contact, encrypted, filtered by hashtag, and erases them', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const bobAvatar = bob.client.member.avatars[0]!.id;
    const treasurerAvatar = treasurer.client.member.avatars[0]!.id;
    await annotateContact(bob.client, bobAvatar, treasurerAvatar, { comment: 'rencontré à la chorale', hashtags: ['#chorale', 'amis'] });
    expect((await contacts(bob.client, { hashtag: 'chorale' })).map((c) => [c.name, c.note?.comment])).toEqual([
      ['Treasurer', 'rencontré à la chorale'],
    ]);
    expect(await contacts(bob.client, { hashtag: 'travail' })).toEqual([]);
    const stored = await server.store.db.selectFrom('contacts').select('note').where('avatar_id', '=', bobAvatar).executeTakeFirstOrThrow();
    expect(stored.note).not.toContain('chorale');
    // The other side's note is its own.
    expect((await contacts(treasurer.client))[0]!.note).toBeNull();
    await annotateContact(bob.client, bobAvatar, treasurerAvatar, null);
    expect((await contacts(bob.client))[0]!.note).toBeNull();
  });

  it('annotates only contacts that the account’s avatars hold', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const [bobAvatar, treasurerAvatar, carolAvatar] = [bob, treasurer, carol].map((m) => m.client.member.avatars[0]!.id) as [
      string,
      string,
      string,
    ];
    // Not a contact of Bob's avatar; a contact held by another account's avatar.
    expect((await refusal(bob.client.call('contact.annotate', { avatarId: bobAvatar, contactId: carolAvatar, note: null }))).code).toBe(
      'CONTACT_NOT_FOUND',
    );
    expect(
      (await refusal(carol.client.call('contact.annotate', { avatarId: bobAvatar, contactId: treasurerAvatar, note: 'AAAA' }))).code,
    ).toBe('CONTACT_NOT_FOUND');
    expect((await contacts(bob.client))[0]!.note).toBeNull();
  });
});
