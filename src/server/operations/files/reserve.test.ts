import { afterAll, beforeAll, expect, it } from 'vitest';
import { attachFile, cipherSize } from '../../../client/files.js';
import { createNote, deleteNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { source, volumeUsed } from '../../../../test/support/files.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';

describeEngines('file.reserve', (engine) => {
  let server: TestServer;
  const maxFileBytes = 3_000_000;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      sessions: { maxFailedSignIns: 1000 },
      files: { maxFileBytes },
      http: { rateLimitPerMinute: 100_000 },
    });
  });
  afterAll(() => server.stop());

  it('refuses files too large, others’ notes and malformed input, reserving nothing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const [meta, nameTag] = ['c2VhbGVk', 'a'.repeat(43)];
    const bob = await sponsored(treasurer, 'Bob');

    expect((await refusal(client.call('file.reserve', { noteId: note.id, nameTag, size: maxFileBytes + 1, meta }))).code).toBe(
      'FILE_TOO_LARGE',
    );
    expect((await refusal(bob.client.call('file.reserve', { noteId: note.id, nameTag, size: 10, meta }))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(client.call('file.reserve', { noteId: note.id, nameTag: 'short', size: 10, meta }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await refusal(client.call('file.reserve', { noteId: note.id, nameTag, size: -1, meta }))).code).toBe('VALIDATION_FAILED');
    expect(await server.store.db.selectFrom('uploads').select('id').where('note_id', '=', note.id).execute()).toEqual([]);
    expect([await volumeUsed(server, treasurer), await volumeUsed(server, bob)]).toEqual([0, 0]);

    const reserved = await client.call('file.reserve', { noteId: note.id, nameTag, size: 100, meta });
    expect(reserved.uploadPath).toBe(`/api/files/${reserved.fileId}`);
    // An upload names no account: it counts against the volume once validated.
    expect(await volumeUsed(server, treasurer)).toBe(0);
  });

  it('refuses a file that cannot fit before any byte is sent, counts files once validated, and refuses growth past the quota', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const alice = await sponsored(treasurer, 'Alice', { quotas: { documents: 100, volumeBytes: 10_000 } });
    const note = await createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const reserve = (size: number) => alice.client.call('file.reserve', { noteId: note.id, nameTag: 'b'.repeat(43), size, meta: 'bWV0YQ' });
    expect((await refusal(reserve(10_001))).code).toBe('QUOTA_EXCEEDED');
    for (let i = 0; i < 3; i++) await attachFile(alice.client, note.id, source(`${i}.bin`, new Uint8Array(2500)));
    expect(await volumeUsed(server, alice)).toBe(3 * cipherSize(2500));
    expect((await refusal(attachFile(alice.client, note.id, source('too much.bin', new Uint8Array(2500))))).code).toBe('QUOTA_EXCEEDED');
    expect(await volumeUsed(server, alice)).toBe(3 * cipherSize(2500));

    await attachFile(alice.client, note.id, source('fits.bin', new Uint8Array(500)));
    expect(await volumeUsed(server, alice)).toBe(3 * cipherSize(2500) + cipherSize(500));
    // At or past the quota (lowered by the treasurer, say), nothing grows; deleting still works.
    await server.store.db.updateTable('accounts').set({ quota_volume_bytes: 5000 }).where('id', '=', alice.client.member.id).execute();
    expect((await refusal(reserve(0))).code).toBe('QUOTA_EXCEEDED');
    expect((await refusal(createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'more', hashtags: [] }))).code).toBe(
      'QUOTA_EXCEEDED',
    );
    await deleteNote(alice.client, note.id);
    expect(await volumeUsed(server, alice)).toBe(0);
    await createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'room again', hashtags: [] });
  });
});
