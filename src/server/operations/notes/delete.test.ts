import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attachFile } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, deleteNote, readNotes } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { onDisk, purged, source, volumeUsed } from '../../../../test/support/files.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, usageOf } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

const text = (t: string) => ({ text: t, hashtags: [] });

describeEngines('note.delete', (engine) => {
  let server: TestServer;
  const db = () => server.store.db;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  it('leaves a tombstone, moves the children up to the parent and releases the document', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const top = await createNote(client, avatar, text('top'));
    const middle = await createNote(client, avatar, text('middle'), top.id);
    await createNote(client, avatar, text('first child'), middle.id);
    await createNote(client, avatar, text('second child'), middle.id);
    const store = new MemoryStore();
    await catchUp(client, store);
    const documents = async () => (await usageOf(server, client)).documents;
    const before = await documents();

    const deleted = await deleteNote(client, middle.id);
    await catchUp(client, store);
    expect((await readNotes(client, store)).map((n) => [n.text, n.parentId])).toEqual([
      ['top', null],
      ['first child', top.id],
      ['second child', top.id],
    ]);
    expect(await db().selectFrom('tombstones').select(['id', 'subtree', 'version']).where('id', '=', middle.id).execute()).toEqual([
      { id: middle.id, subtree: avatar, version: deleted.version },
    ]);
    expect(await documents()).toBe(before - 1);
    expect((await refusal(deleteNote(client, middle.id))).code).toBe('NOTE_NOT_FOUND');
  });

  it('deletes the note’s files and abandons its uploads', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, text('n'));
    const kept = await attachFile(client, note.id, source('a.bin', randomBytes(5000)));
    const pending = await client.call('file.reserve', { noteId: note.id, nameTag: 'c'.repeat(43), size: 10, meta: 'bWV0YQ' });
    const store = new MemoryStore();
    await catchUp(client, store);
    expect(await store.files()).toHaveLength(1);
    await deleteNote(client, note.id);
    await catchUp(client, store);
    expect(await store.files()).toEqual([]);
    await purged(server, kept.id);
    expect(existsSync(onDisk(server, treasurer, avatar, kept.id))).toBe(false);
    expect(await db().selectFrom('uploads').select('id').where('id', '=', pending.fileId).execute()).toEqual([]);
    expect(await volumeUsed(server, treasurer)).toBe(0);
  });

  it('refuses others’ notes, deleting nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const bobs = await createNote(bob.client, bob.client.member.avatars[0]!.id, text('Bob’s'));
    expect((await refusal(deleteNote(treasurer.client, bobs.id))).code).toBe('NOTE_NOT_FOUND');
    expect(await db().selectFrom('notes').select('id').where('id', '=', bobs.id).execute()).toEqual([{ id: bobs.id }]);
  });
});
