import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { addContact, annotateContact, avatars, contacts, createAvatar, lookupContact, setCard, setContactPhrase } from '../../../client/membership.js';
import { cardMaxLength } from '../../../shared/protocol.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const photo = new Uint8Array(60 * 1024).map((_, i) => i % 251);

describeEngines('avatars, cards and contacts', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // Many refusals here come from one address: throttling is tested with sign-in.
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('creates secondary avatars with 16-digit numbers and immutable names, and cards only their owner edits', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const created = await createAvatar(bob.client, 'Bob le pseudo');
    expect(created.id).toMatch(/^\d{16}$/);
    expect((await refusal(createAvatar(bob.client, 'Bob#1234'))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(createAvatar(bob.client, ' padded '))).code).toBe('VALIDATION_FAILED');

    await setCard(bob.client, created.id, { text: 'Photographe amateur', photo });
    const mine = await avatars(bob.client);
    expect(mine.map((a) => [a.name, a.primary, a.card?.text ?? null])).toEqual([['Bob', true, null], ['Bob le pseudo', false, 'Photographe amateur']]);
    expect(mine[1]!.card!.photo).toEqual(photo);
    // The server holds ciphertext only.
    const row = await server.store.db.selectFrom('avatars').select('card').where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.card).not.toContain('Photographe');

    // Too large: refused by the client before sending, and by the server if sent anyway.
    expect((await refusal(setCard(bob.client, created.id, { text: 'x'.repeat(501), photo: null }))).code).toBe('CARD_TOO_LARGE');
    expect((await refusal(setCard(bob.client, created.id, { text: '', photo: new Uint8Array(64 * 1024 + 1) }))).code).toBe('CARD_TOO_LARGE');
    expect((await refusal(bob.client.call('avatar.setCard', { avatarId: created.id, card: 'A'.repeat(cardMaxLength + 1) }))).code).toBe('CARD_TOO_LARGE');
    expect((await avatars(bob.client))[1]!.card?.text).toBe('Photographe amateur');
    // Nobody else edits it.
    expect((await refusal(treasurer.client.call('avatar.setCard', { avatarId: created.id, card: null }))).code).toBe('AVATAR_NOT_FOUND');
    await setCard(bob.client, created.id, null);
    expect((await avatars(bob.client))[1]!.card).toBeNull();
  });

  it('finds an avatar by its contact phrase, adds it as a reciprocal contact, and keeps private notes filtered by hashtag', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', {}, { contact: false });
    const carol = await sponsored(treasurer, 'Carol', {}, { contact: false });
    const pseudo = await createAvatar(carol.client, 'Caro');
    await setCard(carol.client, pseudo.id, { text: 'Chorale du mardi', photo: null });
    const phrase = 'carol sings on tuesdays, ask her';
    await setContactPhrase(carol.client, pseudo.id, phrase);

    expect(await lookupContact(bob.client, phrase)).toEqual({ avatarId: pseudo.id, name: 'Caro', card: { text: 'Chorale du mardi', photo: null } });
    expect((await refusal(lookupContact(bob.client, 'not the phrase of anyone here'))).code).toBe('CONTACT_PHRASE_INVALID');
    const bobAvatar = bob.client.member.avatars[0]!.id;
    expect(await addContact(bob.client, bobAvatar, phrase)).toEqual({ contactId: pseudo.id, name: 'Caro' });
    expect((await refusal(addContact(bob.client, bobAvatar, phrase))).code).toBe('CONTACT_EXISTS');
    expect((await refusal(addContact(carol.client, pseudo.id, phrase))).code).toBe('CONTACT_SELF');

    // Reciprocal: Carol's pseudonym has Bob, with his card readable.
    await setCard(bob.client, bobAvatar, { text: 'Bob, ténor', photo: null });
    expect((await contacts(carol.client)).map((c) => [c.avatarId, c.name, c.card?.text])).toEqual([[pseudo.id, 'Bob', 'Bob, ténor']]);

    await annotateContact(bob.client, bobAvatar, pseudo.id, { comment: 'rencontrée à la chorale', hashtags: ['#chorale', 'amis'] });
    expect((await contacts(bob.client, { hashtag: 'chorale' })).map((c) => [c.name, c.note?.comment])).toEqual([['Caro', 'rencontrée à la chorale']]);
    expect(await contacts(bob.client, { hashtag: 'travail' })).toEqual([]);
    expect((await refusal(bob.client.call('contact.annotate', { avatarId: bobAvatar, contactId: treasurer.client.member.avatars[0]!.id, note: null }))).code).toBe('CONTACT_NOT_FOUND');
    const stored = await server.store.db.selectFrom('contacts').select('note').where('avatar_id', '=', bobAvatar).executeTakeFirstOrThrow();
    expect(stored.note).not.toContain('chorale');

    // A changed phrase: the old one finds nobody; an erased one neither.
    await setContactPhrase(carol.client, pseudo.id, 'carol changed her contact phrase');
    expect((await refusal(lookupContact(bob.client, phrase))).code).toBe('CONTACT_PHRASE_INVALID');
    expect((await lookupContact(bob.client, 'carol changed her contact phrase')).avatarId).toBe(pseudo.id);
    expect((await refusal(setContactPhrase(bob.client, bobAvatar, 'carol changed her mind again'))).code).toBe('PHRASE_TOO_CLOSE');
    await setContactPhrase(carol.client, pseudo.id, null);
    expect((await refusal(lookupContact(bob.client, 'carol changed her contact phrase'))).code).toBe('CONTACT_PHRASE_INVALID');
  });

  it('never tells another account, the treasurer or an operator which account an avatar belongs to', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Anonyme');
    await setContactPhrase(bob.client, pseudo.id, 'the phrase of an anonymous avatar');
    const accountId = bob.client.member.id;
    const answers = [
      await treasurer.client.call('contact.list'),
      await treasurer.client.call('contact.lookup', { phrase: await treasurer.client.phraseKeys('the phrase of an anonymous avatar', treasurer.orgCode) }),
      await treasurer.client.call('sponsorship.list'),
      await treasurer.client.call('avatar.list'),
      await treasurer.client.call('account.sessions.list'),
      await treasurer.operator.call('space.show', { orgCode: treasurer.orgCode }),
      await treasurer.operator.call('space.list'),
      await treasurer.operator.call('audit.querySite', {}),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(accountId);
  });

  it('refuses ids of another space on every avatar and contact route, and audits the attempt', async () => {
    const first = await spaceWithTreasurer(server.url);
    const second = await spaceWithTreasurer(server.url);
    const foreign = second.client.member.avatars[0]!.id;
    const mine = first.client.member.avatars[0]!.id;
    const calls: [string, object][] = [
      ['avatar.delete', { avatarId: foreign }],
      ['avatar.setCard', { avatarId: foreign, card: null }],
      ['avatar.setContactPhrase', { avatarId: foreign, phrase: null }],
      ['contact.annotate', { avatarId: mine, contactId: foreign, note: null }],
      ['contact.add', { avatarId: foreign, phrase: await first.client.phraseKeys('any contact phrase at all here', first.orgCode), theirCardKeyForMe: 'AA', myCardKeyForThem: 'AA' }],
      ['sponsorship.extend', { id: foreign }],
      ['sponsorship.cancel', { id: foreign }],
    ];
    for (const [operation, input] of calls) {
      const error = await refusal(first.client.call(operation, input));
      expect([operation, error.code]).toEqual([operation, 'CROSS_SPACE']);
    }
    const audited = await server.store.db.selectFrom('audit_entries').select('action').where('error_code', '=', 'CROSS_SPACE').where('actor', '=', first.client.member.id).execute();
    expect(audited.map((a) => a.action).sort()).toEqual(calls.map(([op]) => op).sort());
  });
});
