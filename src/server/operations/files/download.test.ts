import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import { attachFile, cipherSize, noteFiles } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp, createNote } from '../../../client/notes.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { download, onDisk, source, volumeUsed, fileSuiteServer, treasurerWithNote } from '../../../../test/support/files.js';
import { refusal } from '../../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../../test/support/members.js';
import { type TestServer } from '../../../../test/support/server.js';

describeEngines('file.download (GET /api/files/<id>)', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('round-trips files byte for byte to another session, which sees only sizes on the server', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const avatar = treasurer.client.member.avatars[0]!.id;
    const note = await createNote(treasurer.client, avatar, { text: 'Vacances', hashtags: [] });
    const photo = randomBytes(1_000_003);
    const empty = new Uint8Array(0);
    const exact = randomBytes(64 * 1024);
    for (const [name, bytes, type] of [
      ['plage.jpg', photo, 'image/jpeg'],
      ['vide.txt', empty, 'text/plain'],
      ['juste.bin', exact, 'application/octet-stream'],
    ] as const) {
      await attachFile(treasurer.client, note.id, source(name, bytes, type));
    }

    const phone = new IlotClient(server.url);
    await phone.signIn(treasurer.orgCode, treasurer.passphrase);
    const store = new MemoryStore();
    await catchUp(phone, store);
    const files = await noteFiles(phone, store, note.id);
    expect(files.map((f) => [f.name, f.type, f.size])).toEqual([
      ['juste.bin', 'application/octet-stream', 65_536],
      ['plage.jpg', 'image/jpeg', 1_000_003],
      ['vide.txt', 'text/plain', 0],
    ]);
    const byId = new Map((await store.files()).map((f) => [f.id, f]));
    for (const [file, bytes] of [
      [files[0]!, exact],
      [files[1]!, photo],
      [files[2]!, empty],
    ] as const) {
      expect((await download(phone, byId.get(file.id)!)).equals(Buffer.from(bytes))).toBe(true);
    }

    // The server holds ciphertext of the announced size, and no name.
    const row = await server.store.db.selectFrom('files').selectAll().where('id', '=', files[1]!.id).executeTakeFirstOrThrow();
    expect(row.size).toBe(cipherSize(1_000_003));
    expect(row.meta).not.toContain('plage');
    const cipher = readFileSync(onDisk(server, treasurer, avatar, row.id));
    expect(cipher.length).toBe(row.size);
    expect(cipher.includes(photo.subarray(0, 64))).toBe(false);
    expect(await volumeUsed(server, treasurer)).toBe(cipherSize(1_000_003) + cipherSize(0) + cipherSize(65_536));
  });

  it('detects tampered or truncated ciphertext', async () => {
    const { treasurer, client, avatar, note } = await treasurerWithNote(server);
    const { id } = await attachFile(client, note.id, source('secret.bin', randomBytes(200_000)));
    const store = new MemoryStore();
    await catchUp(client, store);
    const file = (await store.files())[0]!;
    const path = onDisk(server, treasurer, avatar, id);
    const original = readFileSync(path);

    const flipped = Buffer.from(original);
    flipped[150_000] = flipped[150_000]! ^ 1;
    writeFileSync(path, flipped);
    expect((await refusal(download(client, file))).code).toBe('FILE_ALTERED');

    // Cut at a chunk boundary: every remaining chunk is intact, but the last one is missing.
    writeFileSync(path, original.subarray(0, 2 * (64 * 1024 + 16)));
    expect((await refusal(download(client, file))).code).toBe('FILE_ALTERED');
  });

  it('refuses others’ files as missing', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const note = await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'n', hashtags: [] });
    const file = await attachFile(treasurer.client, note.id, source('a.md', Buffer.from('a')));
    const bob = await sponsored(treasurer, 'Bob');
    const response = await fetch(`${server.url}/api/files/${file.id}`, { headers: { authorization: `Bearer ${bob.client.sessionToken}` } });
    expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([404, 'FILE_NOT_FOUND']);
  });
});
