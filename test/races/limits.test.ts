import { afterAll, beforeAll, expect, it } from 'vitest';
import { acceptSponsorship, createAvatar, sponsor } from '../../src/client/membership.js';
import { attachFile } from '../../src/client/files.js';
import { createNote } from '../../src/client/notes.js';
import { describeEngines } from '../support/engines.js';
import { source } from '../support/files.js';
import { defaultPartition, spaceWithTreasurer, sponsored, usageOf, type Member } from '../support/members.js';
import { operatorClient, refusal, withOperators, withOperatorsUnthrottled } from '../support/operators.js';
import { sealKeyring } from '../../src/client/keyring.js';
import { prepared, preparedBody, race, tally } from '../support/race.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Every counted limit, hit by many identical requests at once: exactly what the limit allows passes.

describeEngines('counted limits under concurrent requests', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperatorsUnthrottled());
  });
  afterAll(() => server.stop());

  const usage = (member: Member) => usageOf(server, member.client);
  const notesOf = async (member: Member) =>
    (await server.store.db.selectFrom('notes').select('id').where('subtree', '=', member.client.member.avatars[0]!.id).execute()).length;

  it('creates no more notes than the documents quota leaves', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const alice = await sponsored(treasurer, 'Alice', { quotas: { documents: 8, volumeBytes: 1_000_000 } });
    const avatarId = alice.client.member.avatars[0]!.id;
    for (let i = 0; i < 3; i++) await createNote(alice.client, avatarId, { text: `note ${i}`, hashtags: [] });

    const answers = await race(server.url, 150, () =>
      prepared('note.create', { avatarId, parentId: null, payload: 'c2VhbGVk' }, alice.client),
    );
    expect(tally(answers)).toEqual({ ok: 5, QUOTA_EXCEEDED: 145 });
    expect(await notesOf(alice)).toBe(8);
    expect((await usage(alice)).documents).toBe(8);
  });

  it('validates no more volume than the volume quota leaves', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const alice = await sponsored(treasurer, 'Alice', { quotas: { documents: 100, volumeBytes: 10_000 } });
    const note = await createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const input = { noteId: note.id, nameTag: 'b'.repeat(43), size: 3000, meta: 'bWV0YQ' };
    // An upload names no account: it counts once validated, so the race is on validation.
    const uploads: string[] = [];
    for (let i = 0; i < 20; i++) {
      const upload = await alice.client.call('file.reserve', input);
      await alice.client.request(upload.uploadPath, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(3000),
      });
      uploads.push(upload.fileId);
    }
    expect(await usage(alice)).toEqual({ documents: 1, volumeBytes: 0 });

    const answers = await race(server.url, uploads.length, (i) =>
      prepared('file.validate', { fileId: uploads[i]!, keep: 'all' }, alice.client),
    );
    expect(tally(answers)).toEqual({ ok: 3, QUOTA_EXCEEDED: 17 });
    expect(await usage(alice)).toEqual({ documents: 1, volumeBytes: 9000 });
    // A file that no longer fits is refused before any byte is sent.
    expect((await refusal(alice.client.call('file.reserve', input))).code).toBe('QUOTA_EXCEEDED');
  });

  it('accepts no more sponsorships than the space has room for accounts', async () => {
    const treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 4 });
    const partitionId = await defaultPartition(treasurer);
    const phrases = Array.from({ length: 40 }, (_, i) => `${i} sponsorship of ${treasurer.orgCode}, one of many`);
    for (const [i, phrase] of phrases.entries())
      await sponsor(treasurer.client, {
        phrase,
        name: `M${i}`,
        kind: 'O',
        partitionId,
        quotas: { documents: 1, volumeBytes: 1 },
        word: 'hi',
      });

    const answers = await race(server.url, phrases.length, (i) =>
      preparedBody(server.url, 'sponsorship.accept', (client) =>
        acceptSponsorship(client, treasurer.orgCode, phrases[i]!, `${i} is the passphrase this member chose`),
      ),
    );
    expect(tally(answers)).toEqual({ ok: 3, MAX_ACCOUNTS_REACHED: 37 });
    const space = await server.store.db
      .selectFrom('spaces')
      .select('id')
      .where('org_code', '=', treasurer.orgCode)
      .executeTakeFirstOrThrow();
    expect(await server.store.db.selectFrom('accounts').select('id').where('space_id', '=', space.id).execute()).toHaveLength(4);
  });

  it('releases a note’s document once when it is deleted many times at once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatarId = treasurer.client.member.avatars[0]!.id;
    const note = await createNote(treasurer.client, avatarId, { text: 'n', hashtags: [] });
    await createNote(treasurer.client, avatarId, { text: 'kept', hashtags: [] });

    expect(tally(await race(server.url, 100, () => prepared('note.delete', { noteId: note.id }, treasurer.client)))).toEqual({
      ok: 1,
      NOTE_NOT_FOUND: 99,
    });
    expect((await usage(treasurer)).documents).toBe(1);
  });

  it('releases a file’s volume once when it is deleted many times at once, validated or still uploading', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const file = await attachFile(treasurer.client, note.id, source('a.bin', new Uint8Array(1000)));
    await attachFile(treasurer.client, note.id, source('b.bin', new Uint8Array(1000)));
    const used = (await usage(treasurer)).volumeBytes;
    const upload = await treasurer.client.call('file.reserve', { noteId: note.id, nameTag: 'c'.repeat(43), size: 5000, meta: 'bWV0YQ' });
    expect((await usage(treasurer)).volumeBytes).toBe(used);

    for (const fileId of [file.id, upload.fileId]) {
      const answers = await race(server.url, 100, () => prepared('file.delete', { fileId }, treasurer.client));
      expect(tally(answers)).toEqual({ ok: 1, FILE_NOT_FOUND: 99 });
    }
    expect((await usage(treasurer)).volumeBytes).toBe(used / 2);
  });

  it('keeps the volume of an upload validated and abandoned at once true: a file counted, or nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const { fileId, uploadPath } = await treasurer.client.call('file.reserve', {
      noteId: note.id,
      nameTag: 'd'.repeat(43),
      size: 100,
      meta: 'bWV0YQ',
    });
    await treasurer.client.request(uploadPath, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(100),
    });

    const ends = [
      prepared('file.validate', { fileId, keep: 'all' }, treasurer.client),
      prepared('file.delete', { fileId }, treasurer.client),
    ];
    const answers = await race(server.url, 100, (i) => ends[i % 2]!);
    // Validated once at most; a deletion may then delete the file as well.
    expect(answers.filter((a, i) => i % 2 === 0 && a.status === 200).length).toBeLessThanOrEqual(1);
    const file = await server.store.db.selectFrom('files').select('id').where('id', '=', fileId).executeTakeFirst();
    expect((await usage(treasurer)).volumeBytes).toBe(file ? 100 : 0);
  });

  it('releases a deleted avatar’s documents and volume once when it is deleted many times at once', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const pseudonym = await createAvatar(treasurer.client, 'Pseudo');
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'kept', hashtags: [] });
    for (let i = 0; i < 3; i++) await createNote(treasurer.client, pseudonym.id, { text: `gone ${i}`, hashtags: [] });
    expect((await usage(treasurer)).documents).toBe(4);

    const { member } = treasurer.client;
    const keyring = {
      sealed: await sealKeyring(member.keys.accountKey, []),
      revision: member.keyringRevision,
    };
    const answers = await race(server.url, 100, () => prepared('avatar.delete', { avatarId: pseudonym.id, keyring }, treasurer.client));
    expect(tally(answers)).toEqual({ ok: 1, AVATAR_NOT_FOUND: 99 });
    expect((await usage(treasurer)).documents).toBe(1);
  });

  it('opens no more spaces than the site may host', async () => {
    const maxSpaces = 3;
    const site = await startTestServer(engine, { ...(await withOperators()), maxSpaces, http: { rateLimitPerMinute: 100_000 } });
    try {
      const alice = await operatorClient(site.url, 'alice');
      const answers = await race(site.url, 40, async (i) => ({
        ...(await preparedBody(site.url, 'space.open', (client) =>
          client.openSpace(
            `race${i}`,
            { documents: 1, volumeBytes: 1, monthlyCents: 0, maxAccounts: 1 },
            `${i} is the sponsorship phrase of race${i}`,
          ),
        )),
        token: alice.sessionToken,
      }));
      expect(tally(answers)).toEqual({ ok: maxSpaces, SPACE_LIMIT_REACHED: 40 - maxSpaces });
    } finally {
      await site.stop();
    }
  });
});
