import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import { createGroupNote, editGroupNote, readGroupNotes } from '../../../client/group-notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { joinGroup, newGroup, reading } from '../../../../test/support/group-notes.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('groupNote.edit', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('records the successive writers, each signed; a reader sees which writing the text is', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'write' });
    const note = await createGroupNote(treasurer.client, keys, avatarId, 'draft');
    await editGroupNote(bob.client, keys, bobAvatar, note, 'draft, completed by Bob');
    await editGroupNote(bob.client, keys, bobAvatar, note, 'draft, completed by Bob twice');
    await editGroupNote(treasurer.client, keys, avatarId, note, 'final');

    const store = new MemoryStore();
    await catchUp(bob.client, store);
    const [read] = await readGroupNotes(bob.client, store, reading(keys, treasurer, bob));
    expect([read!.text, read!.authors]).toEqual([
      'final',
      [
        { avatarId, keyVersion: 1, verified: true, current: false },
        { avatarId: bobAvatar, keyVersion: 1, verified: true, current: false },
        { avatarId, keyVersion: 1, verified: true, current: true },
      ],
    ]);
    // A signature altered in the database no longer checks on the client.
    const second = await server.store.db
      .selectFrom('group_note_authors')
      .selectAll()
      .where('note_id', '=', note.id)
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const flipped = (second.signature.startsWith('A') ? 'B' : 'A') + second.signature.slice(1);
    await server.store.db
      .updateTable('group_note_authors')
      .set({ signature: flipped })
      .where('note_id', '=', note.id)
      .where('seq', '=', 2)
      .execute();
    const again = new MemoryStore();
    await catchUp(bob.client, again);
    const [altered] = await readGroupNotes(bob.client, again, reading(keys, treasurer, bob));
    expect(altered!.authors.map((a) => a.verified)).toEqual([true, false, true]);
  });

  it('refuses a reader, a personal note and a move under another group’s note, changing nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const note = await createGroupNote(treasurer.client, keys, avatarId, 'kept as is');
    const other = await newGroup(treasurer);
    const elsewhere = await createGroupNote(treasurer.client, other.keys, avatarId, 'in another group');
    const personal = await treasurer.client.call('note.create', { avatarId, parentId: null, payload: 'AAAA' });
    const before = await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute();

    expect((await refusal(editGroupNote(bob.client, keys, bobAvatar, note, 'a reader edits'))).code).toBe('GROUP_NOTES_READ_ONLY');
    expect((await refusal(editGroupNote(treasurer.client, keys, avatarId, personal, 'a personal note'))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(editGroupNote(treasurer.client, keys, avatarId, note, 'moved', elsewhere.id))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(editGroupNote(treasurer.client, keys, avatarId, note, 'under itself', note.id))).code).toBe('NOTE_CYCLE');
    // A group note is not editable as a personal note.
    expect((await refusal(treasurer.client.call('note.edit', { noteId: note.id, payload: 'AAAA' }))).code).toBe('NOTE_NOT_FOUND');
    expect(await server.store.db.selectFrom('notes').selectAll().orderBy('id').execute()).toEqual(before);
  });
});
