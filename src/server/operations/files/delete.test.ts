import { existsSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { attachFile, cipherSize, deleteFile, noteFiles } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { onDisk, purged, source, volumeUsed, fileSuiteServer, treasurerWithNote } from '../../../../test/support/files.js';
import { refusal } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { type TestServer } from '../../../../test/support/server.js';

describeEngines('file.delete', (engine) => {
  let server: TestServer;
  const db = () => server.store.db;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('deletes one revision: a tombstone, its volume released, its ciphertext purged', async () => {
    const { treasurer, client, avatar, note } = await treasurerWithNote(server);
    const first = await attachFile(client, note.id, source('a.md', Buffer.from('first')));
    const second = await attachFile(client, note.id, source('a.md', Buffer.from('second')));
    const store = new MemoryStore();
    await catchUp(client, store);

    const deleted = await deleteFile(client, second.id);
    expect(deleted.version).toBeGreaterThan(second.version);
    await catchUp(client, store);
    expect((await noteFiles(client, store, note.id)).map((f) => [f.id, f.revisions])).toEqual([[first.id, [first.id]]]);
    await purged(server, second.id);
    expect(existsSync(onDisk(server, treasurer, avatar, second.id))).toBe(false);
    expect(await volumeUsed(server, treasurer)).toBe(cipherSize(5));
    expect((await refusal(deleteFile(client, second.id))).code).toBe('FILE_NOT_FOUND');
  });

  it('abandons an upload not yet validated, which never counted against the volume', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const abandoned = await client.call('file.reserve', { noteId: note.id, nameTag: 'a'.repeat(43), size: 1000, meta: 'bWV0YQ' });
    expect(await volumeUsed(server, treasurer)).toBe(0);
    expect(await deleteFile(client, abandoned.fileId)).toEqual({ id: abandoned.fileId, version: null });
    expect(await volumeUsed(server, treasurer)).toBe(0);
    expect(await db().selectFrom('uploads').select('id').where('id', '=', abandoned.fileId).execute()).toEqual([]);
  });

  it('answers others’ files and uploads as missing files, deleting nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const file = await attachFile(client, note.id, source('a.md', Buffer.from('a')));
    const upload = await client.call('file.reserve', { noteId: note.id, nameTag: 'b'.repeat(43), size: 10, meta: 'bWV0YQ' });
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(deleteFile(bob.client, file.id))).code).toBe('FILE_NOT_FOUND');
    expect((await refusal(deleteFile(bob.client, upload.fileId))).code).toBe('FILE_NOT_FOUND');
    expect(await db().selectFrom('files').select('id').where('id', '=', file.id).execute()).toEqual([{ id: file.id }]);
    expect(await db().selectFrom('uploads').select('id').where('id', '=', upload.fileId).execute()).toEqual([{ id: upload.fileId }]);
  });

  it('has the daily task abandon uploads left unvalidated', async () => {
    const { treasurer, client, avatar, note } = await treasurerWithNote(server);
    const { fileId, uploadPath } = await client.call('file.reserve', {
      noteId: note.id,
      nameTag: 'c'.repeat(43),
      size: 10,
      meta: 'bWV0YQ',
    });
    await fetch(`${server.url}${uploadPath}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${client.sessionToken}` },
      body: new Uint8Array(10),
    });
    // Left past files.uploadHours.
    await db()
      .updateTable('uploads')
      .set({ reserved_at: Date.now() - 25 * 3600_000 })
      .where('id', '=', fileId)
      .execute();
    const task = await db().selectFrom('tasks').select('id').where('kind', '=', 'files.staleUploads').executeTakeFirstOrThrow();
    await treasurer.operator.call('tasks.runNow', { id: task.id });
    await purged(server, fileId);
    expect(await db().selectFrom('uploads').select('id').where('id', '=', fileId).executeTakeFirst()).toBeUndefined();
    expect(existsSync(onDisk(server, treasurer, avatar, fileId))).toBe(false);
    expect(await volumeUsed(server, treasurer)).toBe(0);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');
  });
});
