import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { acceptSponsorship, changePassphrase, createAvatar, setCard, setContactPhrase, sponsor } from '../../src/client/membership.js';
import { describeEngines } from '../support/engines.js';
import { defaultPartition, spaceWithTreasurer, sponsored } from '../support/members.js';
import { refusal, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';

// What members' operations keep from the server and from each other, across operations.

describeEngines('membership privacy', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('sends no phrase, word or card in clear when sponsoring, joining and changing a passphrase', async () => {
    const bodies: string[] = [];
    const spying = (url: string) =>
      new IlotClient(url, {
        fetch: async (input, init) => (bodies.push(typeof init?.body === 'string' ? init.body : ''), fetch(input, init)),
      });
    const treasurer = await spaceWithTreasurer(server.url);
    const spy = spying(server.url);
    await spy.signIn(treasurer.orgCode, treasurer.passphrase);
    await setCard(spy, spy.member.avatars[0]!.id, { text: 'carte secrète du comptable', photo: null });
    const phrase = 'the secret sponsorship phrase for Zoé';
    await sponsor(spy, {
      phrase,
      name: 'Zoé',
      kind: 'O',
      partitionId: await defaultPartition(treasurer),
      quotas: { documents: 1, volumeBytes: 1 },
      word: 'mot de bienvenue secret',
    });
    const zoePhrase = 'Zoé keeps her own passphrase secret';
    const joiner = spying(server.url);
    await acceptSponsorship(joiner, treasurer.orgCode, phrase, zoePhrase);
    await joiner.signIn(treasurer.orgCode, zoePhrase);
    await changePassphrase(joiner, zoePhrase, 'and now another secret passphrase');
    const sent = bodies.join('\n');
    for (const secret of [
      phrase,
      phrase.slice(0, 12),
      zoePhrase,
      zoePhrase.slice(0, 12),
      'another secret',
      'mot de bienvenue',
      'carte secrète',
    ])
      expect(sent).not.toContain(secret);
  });

  it('never tells another account, the treasurer or an operator which account an avatar belongs to', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const pseudo = await createAvatar(bob.client, 'Anonyme');
    await setContactPhrase(bob.client, pseudo.id, 'the phrase of an anonymous avatar');
    const accountId = bob.client.member.id;
    const answers = [
      await treasurer.client.call('contact.list'),
      await treasurer.client.call('contact.lookup', {
        phrase: await treasurer.client.phraseKeys('the phrase of an anonymous avatar', treasurer.orgCode),
      }),
      await treasurer.client.call('sponsorship.list'),
      await treasurer.client.call('avatar.list'),
      await treasurer.client.call('account.sessions.list'),
      await treasurer.operator.call('space.show', { orgCode: treasurer.orgCode }),
      await treasurer.operator.call('space.list'),
      await treasurer.operator.call('audit.querySite', {}),
    ];
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(accountId);
  });

  it('refuses ids of another space on every avatar, contact and sponsorship route, and audits the attempt', async () => {
    const first = await spaceWithTreasurer(server.url);
    const second = await spaceWithTreasurer(server.url);
    const foreign = second.client.member.avatars[0]!.id;
    const mine = first.client.member.avatars[0]!.id;
    const phrase = await first.client.phraseKeys('any contact phrase at all here', first.orgCode);
    const calls: [string, () => Promise<unknown>][] = [
      ['avatar.delete', () => first.client.call('avatar.delete', { avatarId: foreign, keyring: { sealed: 'AAAA', revision: 0 } })],
      ['avatar.setCard', () => first.client.call('avatar.setCard', { avatarId: foreign, card: null })],
      ['avatar.setContactPhrase', () => first.client.call('avatar.setContactPhrase', { avatarId: foreign, phrase: null })],
      ['contact.annotate', () => first.client.call('contact.annotate', { avatarId: mine, contactId: foreign, note: null })],
      [
        'contact.add',
        () => first.client.call('contact.add', { avatarId: foreign, phrase, theirCardKeyForMe: 'AA', myCardKeyForThem: 'AA' }),
      ],
      ['sponsorship.extend', () => first.client.call('sponsorship.extend', { id: foreign })],
      ['sponsorship.cancel', () => first.client.call('sponsorship.cancel', { id: foreign })],
    ];
    for (const [operation, call] of calls) {
      const error = await refusal(call());
      expect([operation, error.code]).toEqual([operation, 'CROSS_SPACE']);
    }
    const audited = await server.store.db
      .selectFrom('audit_entries')
      .select('action')
      .where('error_code', '=', 'CROSS_SPACE')
      .where('actor', '=', first.client.member.id)
      .execute();
    expect(audited.map((a) => a.action).sort()).toEqual(calls.map(([op]) => op).sort());
  });
});
