import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { attachFile, cipherSize, deleteFile, downloadFile, keepRevision, noteFiles, type FileSource } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote, deleteNote } from '../../../client/notes.js';
import type { StoredFile } from '../../../client/local-store.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { refusal, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

/** A file from bytes, handed over in uneven pieces as a disk or a network would. */
function source(name: string, bytes: Uint8Array, type = 'application/octet-stream'): FileSource {
  return {
    name,
    type,
    size: bytes.length,
    content: (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 10_007) yield bytes.subarray(offset, offset + 10_007);
    })(),
  };
}

async function download(client: IlotClient, file: StoredFile): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of downloadFile(client, file)) parts.push(part);
  return Buffer.concat(parts);
}

describeEngines('files attached to notes', (engine) => {
  let server: TestServer;
  const db = () => server.store.db;
  const maxFileBytes = 3_000_000;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 }, files: { maxFileBytes }, http: { rateLimitPerMinute: 100_000 } });
  });
  afterAll(() => server.stop());

  const stored = async (member: Member) => {
    const store = new MemoryStore();
    await catchUp(member.client, store);
    return store;
  };
  const usage = async (member: Member) => db().selectFrom('account_usage').select(['documents', 'volume_bytes']).where('account_id', '=', member.client.member.id).executeTakeFirstOrThrow();
  const onDisk = (member: Member, avatarId: string, fileId: string) => join(server.config.files.dir, String(member.client.member.id.slice(0, 2)), 'avatars', avatarId, fileId);
  const purged = (fileId: string) => waitFor(async () => (await db().selectFrom('tasks').select('state').where('kind', '=', 'purge.file').where('target', 'like', `%/${fileId}`).executeTakeFirst())?.state === 'done');

  it('round-trips files byte for byte to another session, which sees only sizes on the server', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const note = await createNote(treasurer.client, avatar, { text: 'Vacances', hashtags: [] });
    const photo = randomBytes(1_000_003);
    const empty = new Uint8Array(0);
    const exact = randomBytes(64 * 1024);
    for (const [name, bytes, type] of [['plage.jpg', photo, 'image/jpeg'], ['vide.txt', empty, 'text/plain'], ['juste.bin', exact, 'application/octet-stream']] as const) {
      await attachFile(treasurer.client, note.id, source(name, bytes, type));
    }

    const phone = new IlotClient(server.url);
    await phone.signIn(treasurer.orgCode, treasurer.passphrase);
    const store = new MemoryStore();
    await catchUp(phone, store);
    const files = await noteFiles(phone, store, note.id);
    expect(files.map((f) => [f.name, f.type, f.size])).toEqual([['juste.bin', 'application/octet-stream', 65_536], ['plage.jpg', 'image/jpeg', 1_000_003], ['vide.txt', 'text/plain', 0]]);
    const byId = new Map((await store.files()).map((f) => [f.id, f]));
    for (const [file, bytes] of [[files[0]!, exact], [files[1]!, photo], [files[2]!, empty]] as const) {
      expect((await download(phone, byId.get(file.id)!)).equals(Buffer.from(bytes))).toBe(true);
    }

    // The server holds ciphertext of the announced size, and no name.
    const row = await db().selectFrom('files').selectAll().where('id', '=', files[1]!.id).executeTakeFirstOrThrow();
    expect(row.size).toBe(cipherSize(1_000_003));
    expect(row.meta).not.toContain('plage');
    const cipher = readFileSync(onDisk(treasurer, avatar, row.id));
    expect(cipher.length).toBe(row.size);
    expect(cipher.includes(photo.subarray(0, 64))).toBe(false);
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(cipherSize(1_000_003) + cipherSize(0) + cipherSize(65_536));
  });

  it('keeps revisions of one name: all, the latest, or a chosen one', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'Rapport', hashtags: [] });
    const versions = [Buffer.from('version 1'), Buffer.from('version 2, longer'), Buffer.from('version 3')];
    const ids: string[] = [];
    for (const bytes of versions) ids.push((await attachFile(client, note.id, source('rapport.md', bytes, 'text/markdown'))).id);
    await attachFile(client, note.id, source('autre.md', Buffer.from('another name')));
    let files = await noteFiles(client, await stored(treasurer), note.id);
    expect(files.filter((f) => f.name === 'rapport.md').map((f) => f.revisions)).toEqual([ids, ids, ids]);

    // A chosen one.
    expect(await keepRevision(client, ids[1]!)).toMatchObject({ removed: 2 });
    const store = await stored(treasurer);
    files = await noteFiles(client, store, note.id);
    expect(files.map((f) => f.name)).toEqual(['autre.md', 'rapport.md']);
    expect((await download(client, (await store.files()).find((f) => f.id === ids[1])!)).toString()).toBe('version 2, longer');
    await purged(ids[0]!);
    expect(existsSync(onDisk(treasurer, client.member.avatars[0]!.id, ids[0]!))).toBe(false);

    // The latest: earlier revisions go as the new one is validated.
    const latest = await attachFile(client, note.id, source('rapport.md', Buffer.from('version 4')), { keep: 'latest' });
    files = await noteFiles(client, await stored(treasurer), note.id);
    expect(files.map((f) => [f.name, f.id])).toEqual([['autre.md', files[0]!.id], ['rapport.md', latest.id]]);
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(cipherSize(12) + cipherSize(9));

    // Unknown revisions and other accounts' files are refused alike.
    expect((await refusal(keepRevision(client, `${client.member.id.slice(0, 2)}60000000000000`))).code).toBe('FILE_NOT_FOUND');
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(keepRevision(bob.client, latest.id))).code).toBe('FILE_NOT_FOUND');
    expect((await refusal(deleteFile(bob.client, latest.id))).code).toBe('FILE_NOT_FOUND');
    const response = await fetch(`${server.url}/api/files/${latest.id}`, { headers: { authorization: `Bearer ${bob.client.sessionToken}` } });
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([404, 'FILE_NOT_FOUND']);

    await deleteFile(client, latest.id);
    files = await noteFiles(client, await stored(treasurer), note.id);
    expect(files.map((f) => f.name)).toEqual(['autre.md']);
  });

  it('detects tampered or truncated ciphertext on download', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, { text: 'n', hashtags: [] });
    const { id } = await attachFile(client, note.id, source('secret.bin', randomBytes(200_000)));
    const file = (await (await stored(treasurer)).files())[0]!;
    const path = onDisk(treasurer, avatar, id);
    const original = readFileSync(path);

    const flipped = Buffer.from(original);
    flipped[150_000] = flipped[150_000]! ^ 1;
    writeFileSync(path, flipped);
    expect((await refusal(download(client, file))).code).toBe('FILE_ALTERED');

    // Cut at a chunk boundary: every remaining chunk is intact, but the last one is missing.
    writeFileSync(path, original.subarray(0, 2 * (64 * 1024 + 16)));
    expect((await refusal(download(client, file))).code).toBe('FILE_ALTERED');
  });

  it('refuses bad uploads with a clear code and keeps nothing of them', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, { text: 'n', hashtags: [] });
    const meta = 'c2VhbGVk';
    const nameTag = 'a'.repeat(43);
    const reserve = (size: number, noteId = note.id) => client.call<{ fileId: string; uploadPath: string }>('file.reserve', { noteId, nameTag, size, meta });
    const put = (path: string, body: Uint8Array, token: string | null = client.sessionToken ?? null) =>
      fetch(`${server.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body as BodyInit });
    const codeOf = async (response: Response) => [response.status, ((await response.json()) as { code: string }).code];
    const before = await usage(treasurer).catch(() => ({ volume_bytes: 0 }));

    expect((await refusal(reserve(maxFileBytes + 1))).code).toBe('FILE_TOO_LARGE');
    const bob = await sponsored(treasurer, 'Bob');
    expect((await refusal(bob.client.call('file.reserve', { noteId: note.id, nameTag, size: 10, meta }))).code).toBe('NOTE_NOT_FOUND');
    expect((await refusal(client.call('file.reserve', { noteId: note.id, nameTag: 'short', size: 10, meta }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(client.call('file.reserve', { noteId: note.id, nameTag, size: -1, meta }))).code).toBe('VALIDATION_FAILED');

    const { fileId, uploadPath } = await reserve(100);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_INCOMPLETE');
    expect(await codeOf(await put(uploadPath, new Uint8Array(101)))).toEqual([400, 'UPLOAD_SIZE_MISMATCH']);
    expect(await codeOf(await put(uploadPath, new Uint8Array(99)))).toEqual([400, 'UPLOAD_SIZE_MISMATCH']);
    // Without a length announced, the bytes are counted as they come.
    const chunked = (n: number) =>
      fetch(`${server.url}${uploadPath}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${client.sessionToken}` },
        body: new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(n)), c.close()) }),
        duplex: 'half',
      } as RequestInit);
    expect(await codeOf(await chunked(150))).toEqual([400, 'UPLOAD_SIZE_MISMATCH']);
    expect(await codeOf(await chunked(50))).toEqual([400, 'UPLOAD_SIZE_MISMATCH']);
    expect(existsSync(onDisk(treasurer, avatar, fileId))).toBe(false);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_INCOMPLETE');

    expect(await codeOf(await put(uploadPath, new Uint8Array(100), bob.client.sessionToken ?? null))).toEqual([404, 'UPLOAD_NOT_FOUND']);
    expect(await codeOf(await put(uploadPath, new Uint8Array(100), null))).toEqual([401, 'AUTH_REQUIRED']);
    expect(await codeOf(await put('/api/files/not-an-id', new Uint8Array(100)))).toEqual([400, 'VALIDATION_FAILED']);
    const otherSpace = `${Number(fileId.slice(0, 2)) === 89 ? 88 : Number(fileId.slice(0, 2)) + 1}${fileId.slice(2)}`;
    expect(await codeOf(await put(`/api/files/${otherSpace}`, new Uint8Array(100)))).toEqual([403, 'CROSS_SPACE']);
    expect((await refusal(bob.client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');
    // A refused upload ends its connection rather than reading the rest of a large body.
    const refused = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const sending = request(`${server.url}${uploadPath}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': 50_000_000, authorization: `Bearer ${bob.client.sessionToken}` } }, (response) => {
        resolve({ status: response.statusCode!, connection: response.headers.connection });
        response.resume();
        sending.destroy();
      });
      sending.on('error', reject);
      sending.write(new Uint8Array(1000));
    });
    expect(refused).toEqual({ status: 404, connection: 'close' });

    expect((await put(uploadPath, new Uint8Array(100))).status).toBe(204);
    const validated = await client.call<{ id: string }>('file.validate', { fileId });
    expect(validated.id).toBe(fileId);
    expect(await codeOf(await put(uploadPath, new Uint8Array(100)))).toEqual([404, 'UPLOAD_NOT_FOUND']);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(Number(before.volume_bytes) + 100);

    // An abandoned upload gives its reservation back.
    const abandoned = await reserve(1000);
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(Number(before.volume_bytes) + 1100);
    expect(await deleteFile(client, abandoned.fileId)).toEqual({ id: abandoned.fileId, version: null });
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(Number(before.volume_bytes) + 100);
  });

  it('counts volume against the quota, concurrent reservations included, and refuses growth past it', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const alice = await sponsored(treasurer, 'Alice', { quotas: { documents: 100, volumeBytes: 10_000 } });
    const note = await createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const reserve = (size: number) => alice.client.call('file.reserve', { noteId: note.id, nameTag: 'b'.repeat(43), size, meta: 'bWV0YQ' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => reserve(3000)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(5).fill('QUOTA_EXCEEDED'));
    expect(Number((await usage(alice)).volume_bytes)).toBe(9000);

    await attachFile(alice.client, note.id, source('fits.bin', new Uint8Array(500)));
    expect(Number((await usage(alice)).volume_bytes)).toBe(9000 + cipherSize(500));
    // At or past the quota (lowered by the treasurer, say), nothing grows; deleting still works.
    await db().updateTable('accounts').set({ quota_volume_bytes: 5000 }).where('id', '=', alice.client.member.id).execute();
    expect((await refusal(reserve(0))).code).toBe('QUOTA_EXCEEDED');
    expect((await refusal(createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'more', hashtags: [] }))).code).toBe('QUOTA_EXCEEDED');
    await deleteNote(alice.client, note.id);
    expect(Number((await usage(alice)).volume_bytes)).toBe(0);
    await createNote(alice.client, alice.client.member.avatars[0]!.id, { text: 'room again', hashtags: [] });
  });

  it('deletes a note’s files with it, and abandons uploads never validated', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const client = treasurer.client;
    const avatar = client.member.avatars[0]!.id;
    const note = await createNote(client, avatar, { text: 'n', hashtags: [] });
    const kept = await attachFile(client, note.id, source('a.bin', randomBytes(5000)));
    const store = await stored(treasurer);
    expect(await store.files()).toHaveLength(1);
    await deleteNote(client, note.id);
    await catchUp(client, store);
    expect(await store.files()).toEqual([]);
    await purged(kept.id);
    expect(existsSync(onDisk(treasurer, avatar, kept.id))).toBe(false);
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(0);

    // An upload left unvalidated past files.uploadHours is abandoned by the daily task.
    const other = await createNote(client, avatar, { text: 'n', hashtags: [] });
    const { fileId, uploadPath } = await client.call<{ fileId: string; uploadPath: string }>('file.reserve', { noteId: other.id, nameTag: 'c'.repeat(43), size: 10, meta: 'bWV0YQ' });
    await fetch(`${server.url}${uploadPath}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${client.sessionToken}` }, body: new Uint8Array(10) });
    await db().updateTable('uploads').set({ reserved_at: Date.now() - 25 * 3600_000 }).where('id', '=', fileId).execute();
    const task = await db().selectFrom('tasks').select('id').where('kind', '=', 'files.staleUploads').executeTakeFirstOrThrow();
    const operator = treasurer.operator;
    await operator.call('tasks.runNow', { id: task.id });
    await purged(fileId);
    expect(await db().selectFrom('uploads').select('id').where('id', '=', fileId).executeTakeFirst()).toBeUndefined();
    expect(existsSync(onDisk(treasurer, avatar, fileId))).toBe(false);
    expect(Number((await usage(treasurer)).volume_bytes)).toBe(0);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_NOT_FOUND');
  });
});
