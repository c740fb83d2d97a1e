import { beforeAll, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attachFile, cipherSize, downloadFile, noteFiles } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import {
  createGroupNote,
  deleteGroupNote,
  readGroupNotes,
  groupHosting,
  setGroupHashtags,
  setMyHashtags,
} from '../../../client/group-notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { fileSuiteServer, purged, source } from '../../../../test/support/files.js';
import { refusal } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { joinGroup, newGroup, reading } from '../../../../test/support/group-notes.js';
import type { TestServer } from '../../../../test/support/server.js';

describeEngines('groupNote.delete and the files of group notes', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('attaches files to group notes: writers upload, readers download, the group counts the volume', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const carol = await sponsored(treasurer, 'Carol');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const [bobAvatar, carolAvatar] = [bob.client.member.avatars[0]!.id, carol.client.member.avatars[0]!.id];
    await joinGroup(server, groupId, bobAvatar, { notes: 'write' });
    await joinGroup(server, groupId, carolAvatar, { notes: 'read' });
    const note = await createGroupNote(treasurer.client, keys, avatarId, 'with a file');
    const content = Buffer.from('the minutes of the meeting');
    const file = await attachFile(bob.client, note.id, source('minutes.txt', content), { group: keys });
    expect(existsSync(join(server.config.files.dir, groupId.slice(0, 2), 'groups', groupId, file.id))).toBe(true);
    expect((await groupHosting(carol.client, groupId, carolAvatar)).volumeBytes).toBe(cipherSize(content.length));

    const store = new MemoryStore();
    await catchUp(carol.client, store);
    expect((await noteFiles(carol.client, store, note.id, keys)).map((f) => f.name)).toEqual(['minutes.txt']);
    const parts: Uint8Array[] = [];
    for await (const part of downloadFile(carol.client, (await store.files())[0]!, keys)) parts.push(part);
    expect(Buffer.concat(parts)).toEqual(content);

    // A reader may not attach nor delete; a non-member does not even see the note.
    const reserve = (client: typeof carol.client) =>
      client.call('file.reserve', { noteId: note.id, nameTag: 'a'.repeat(43), size: 10, meta: 'c2VhbGVk' });
    expect((await refusal(reserve(carol.client))).code).toBe('GROUP_NOTES_READ_ONLY');
    expect((await refusal(carol.client.call('file.delete', { fileId: file.id }))).code).toBe('GROUP_NOTES_READ_ONLY');
    const dave = await sponsored(treasurer, 'Dave');
    expect((await refusal(reserve(dave.client))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(dave.client.call('file.delete', { fileId: file.id }))).code).toBe('FILE_NOT_FOUND');
  });

  it('deletes a note with a writer’s access: its children move up, its files go, the group’s figures go down', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const parent = await createGroupNote(treasurer.client, keys, avatarId, 'parent');
    const note = await createGroupNote(treasurer.client, keys, avatarId, 'to delete', parent.id);
    const child = await createGroupNote(treasurer.client, keys, avatarId, 'child', note.id);
    const file = await attachFile(treasurer.client, note.id, source('a.txt', Buffer.from('attached')), { group: keys });
    const before = await groupHosting(treasurer.client, groupId, avatarId);

    expect((await refusal(deleteGroupNote(bob.client, bobAvatar, note.id))).code).toBe('GROUP_NOTES_READ_ONLY');
    expect(await groupHosting(treasurer.client, groupId, avatarId)).toEqual(before);
    await deleteGroupNote(treasurer.client, avatarId, note.id);
    expect(await groupHosting(treasurer.client, groupId, avatarId)).toMatchObject({ documents: before.documents - 1, volumeBytes: 0 });
    await purged(server, file.id);

    const store = new MemoryStore();
    await catchUp(bob.client, store);
    expect((await readGroupNotes(bob.client, store, reading(keys, treasurer))).map((n) => [n.id, n.parentId])).toEqual([
      [parent.id, null],
      [child.id, parent.id],
    ]);
    expect(await store.files()).toEqual([]);
  });

  it('leaves no hashtags of a deleted note: each member’s private ones go with a tombstone, the group’s with the note', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const { groupId, keys, avatarId } = await newGroup(treasurer);
    const bobAvatar = bob.client.member.avatars[0]!.id;
    await joinGroup(server, groupId, bobAvatar, { notes: 'read' });
    const note = await createGroupNote(treasurer.client, keys, avatarId, 'tagged');
    const kept = await createGroupNote(treasurer.client, keys, avatarId, 'kept');
    await setGroupHashtags(treasurer.client, keys, avatarId, note.id, ['meeting']);
    await setMyHashtags(bob.client, bobAvatar, note.id, ['todo']);
    await setMyHashtags(bob.client, bobAvatar, kept.id, ['later']);
    await setMyHashtags(treasurer.client, avatarId, note.id, ['mine']);
    const bobStore = new MemoryStore();
    await catchUp(bob.client, bobStore);
    const hashtagsOf = (noteId: string) =>
      server.store.db.selectFrom('group_note_hashtags').select(['id', 'subtree']).where('note_id', '=', noteId).execute();
    const [bobTags] = await hashtagsOf(note.id);

    await deleteGroupNote(treasurer.client, avatarId, note.id);
    expect([(await hashtagsOf(note.id)).length, (await hashtagsOf(kept.id)).length]).toEqual([0, 1]);
    const answer = await bob.client.call('sync.pull', { known: await bobStore.known() });
    expect(answer.tombstones.map((t) => [t.id, t.subtree]).sort()).toEqual(
      [
        [bobTags!.id, bobAvatar],
        [note.id, groupId],
      ].sort(),
    );
    await bobStore.apply(answer);
    expect((await readGroupNotes(bob.client, bobStore, reading(keys, treasurer))).map((n) => n.id)).toEqual([kept.id]);
  });
});
