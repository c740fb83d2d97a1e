import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, readNotes } from '../../../client/notes.js';
import { createGroupNote, readGroupNotes } from '../../../client/group-notes.js';
import { payloadDigest, signAuthorship } from '../../../shared/crypto/authorship.js';
import { openAvatarPrivateKeys } from '../../../client/account-keys.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { joinGroup, newGroup, reading } from '../../../../test/support/group-notes.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('groupNote.create', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  const notesRows = () => server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();

  it('lets a read-write member write, sealed and signed; readers open it and check who wrote it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const root = await createGroupNote(treasurer.client, keys, avatarId, 'the group’s plan');
    await createGroupNote(treasurer.client, keys, avatarId, 'first step', root.id);

    const row = await server.store.db.selectFrom('notes').selectAll().where('id', '=', root.id).executeTakeFirstOrThrow();
    expect([row.subtree, row.key_version, row.payload.includes('plan')]).toEqual([groupId, 1, false]);
    const store = new MemoryStore();
    await catchUp(bob.client, store);
    const notes = await readGroupNotes(bob.client, store, reading(keys, treasurer));
    expect(notes.map((n) => [n.text, n.parentId, n.authors])).toEqual([
      ['the group’s plan', null, [{ avatarId, keyVersion: 1, verified: true, current: true }]],
      ['first step', root.id, [{ avatarId, keyVersion: 1, verified: true, current: true }]],
    ]);
    // Bob's personal notes are not mixed with the group's.
    expect(await readNotes(bob.client, store)).toEqual([]);
  });

  it('refuses a reader, a non-member, another space’s group, a stale key and a bad signature, writing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const elsewhere = await spaceWithTreasurer(server.url);
    const before = await notesRows();

    expect((await refusal(createGroupNote(bob.client, keys, bobAvatar, 'a reader writes'))).code).toBe('GROUP_NOTES_READ_ONLY');
    expect((await refusal(createGroupNote(carol.client, keys, carol.client.member.avatars[0]!.id, 'not a member'))).code).toBe(
      'GROUP_NOT_FOUND',
    );
    // Acting as another member's avatar is not acting as a member.
    const asTreasurer = { groupId, avatarId, parentId: null, keyVersion: 1, payload: 'AAAA', signature: 'A'.repeat(86) };
    expect((await refusal(carol.client.call('groupNote.create', asTreasurer))).code).toBe('GROUP_NOT_FOUND');
    expect(
      (await refusal(createGroupNote(elsewhere.client, keys, elsewhere.client.member.avatars[0]!.id, 'from another space'))).code,
    ).toBe('CROSS_SPACE');
    const stale = { ...keys, current: { version: 2, key: keys.current.key } };
    expect((await refusal(createGroupNote(treasurer.client, stale, avatarId, 'under a key to come'))).code).toBe('GROUP_KEY_STALE');

    // A signature by another avatar (Bob's key) of the same writing does not check; a malformed one is not even read.
    const payload = 'A'.repeat(64);
    const bobsKey = (await openAvatarPrivateKeys(bob.client.member.keys.accountKey, bob.client.member.avatars[0]!.wrappedPrivateKeys))
      .signing;
    const forged = await signAuthorship(bobsKey, { keyVersion: 1, digest: await payloadDigest(payload) });
    const write = (signature: string) =>
      treasurer.client.call('groupNote.create', { groupId, avatarId, parentId: null, keyVersion: 1, payload, signature });
    expect((await refusal(write(forged))).code).toBe('AUTHORSHIP_INVALID');
    expect((await refusal(write('not a signature'))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(write(forged.slice(0, 85)))).code).toBe('VALIDATION_FAILED');
    expect(await notesRows()).toEqual(before);
  });

  it('keeps the tree in the group; a personal note may hang under a group note, seen by its author only', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const groupNote = await createGroupNote(treasurer.client, keys, avatarId, 'shared');
    const personal = await createNote(treasurer.client, avatarId, { text: 'my own, under it', hashtags: [] }, groupNote.id);
    // Under a personal note a group note cannot go, nor a note of another group or of nobody's reach.
    expect((await refusal(createGroupNote(treasurer.client, keys, avatarId, 'x', personal.id))).code).toBe('NOTE_NOT_FOUND');
    const other = await newGroup(bob);
    const theirs = await createGroupNote(bob.client, other.keys, other.avatarId, 'in Bob’s group');
    expect((await refusal(createGroupNote(treasurer.client, keys, avatarId, 'x', theirs.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(createNote(treasurer.client, avatarId, { text: 'x', hashtags: [] }, theirs.id))).code).toBe('NOTE_NOT_FOUND');

    const mine = new MemoryStore();
    await catchUp(treasurer.client, mine);
    expect((await readNotes(treasurer.client, mine)).map((n) => [n.text, n.parentId])).toEqual([['my own, under it', groupNote.id]]);
    const bobs = new MemoryStore();
    await catchUp(bob.client, bobs);
    expect((await bobs.notes()).map((n) => n.id).sort()).toEqual([groupNote.id, theirs.id].sort());
  });
});
