import { beforeAll, expect, it } from 'vitest';
import { attachFile, cipherSize, noteFiles } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { source, volumeUsed, fileSuiteServer } from '../../../../test/support/files.js';
import { refusal } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { type TestServer } from '../../../../test/support/server.js';

describeEngines('file.validate', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('makes a complete upload a file of its note, once, for the account that reserved it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const { fileId, uploadPath } = await client.call('file.reserve', {
      noteId: note.id,
      nameTag: 'a'.repeat(43),
      size: 100,
      meta: 'c2VhbGVk',
    });
    const put = (size: number) =>
      fetch(`${server.url}${uploadPath}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${client.sessionToken}` },
        body: new Uint8Array(size),
      });

    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_INCOMPLETE');
    expect((await put(99)).status).toBe(400);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_INCOMPLETE');
    expect((await put(100)).status).toBe(204);
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(bob.client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');

    const validated = await client.call('file.validate', { fileId });
    expect(validated.id).toBe(fileId);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');
    expect(await volumeUsed(server, treasurer)).toBe(100);
    const store = new MemoryStore();
    await catchUp(client, store);
    expect((await store.files()).map((f) => [f.id, f.noteId, f.version, f.size])).toEqual([[fileId, note.id, validated.version, 100]]);
  });

  it('keeps earlier revisions, or only the latest when asked', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'Rapport', hashtags: [] });
    const first = await attachFile(client, note.id, source('rapport.md', Buffer.from('version 1')));
    const second = await attachFile(client, note.id, source('rapport.md', Buffer.from('version 2, longer')));
    const other = await attachFile(client, note.id, source('autre.md', Buffer.from('another name')));
    const files = async () => {
      const store = new MemoryStore();
      await catchUp(client, store);
      return (await noteFiles(client, store, note.id)).map((f) => [f.name, f.id, f.revisions]);
    };
    expect(await files()).toEqual([
      ['autre.md', other.id, [other.id]],
      ['rapport.md', first.id, [first.id, second.id]],
      ['rapport.md', second.id, [first.id, second.id]],
    ]);

    const latest = await attachFile(client, note.id, source('rapport.md', Buffer.from('version 3')), { keep: 'latest' });
    expect(await files()).toEqual([
      ['autre.md', other.id, [other.id]],
      ['rapport.md', latest.id, [latest.id]],
    ]);
    expect(await volumeUsed(server, treasurer)).toBe(cipherSize(12) + cipherSize(9));
  });
});
