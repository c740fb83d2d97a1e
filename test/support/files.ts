import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { IlotClient } from '../../src/client/client.js';
import { downloadFile, type FileSource } from '../../src/client/files.js';
import { createNote } from '../../src/client/notes.js';
import type { StoredFile } from '../../src/client/local-store.js';
import { waitFor } from './wait.js';
import type { TestEngine } from './engines.js';
import { spaceWithTreasurer, usageOf, type Member } from './members.js';
import { withOperatorsUnthrottled } from './operators.js';
import { startTestServer, type TestServer } from './server.js';

// Helpers of the tests of files attached to notes.

/** A server for one file suite, started before it and stopped after; the throttles stay out of the way of its many sign-ins. */
export function fileSuiteServer(engine: TestEngine): () => TestServer {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, await withOperatorsUnthrottled());
  });
  afterAll(() => server.stop());
  return () => server;
}

/** A new space's treasurer with a note under its primary avatar. */
export async function treasurerWithNote(server: TestServer, text = 'n') {
  const treasurer = await spaceWithTreasurer(server.url);
  const client = treasurer.client;
  const avatar = client.member.avatars[0]!.id;
  const note = await createNote(client, avatar, { text, hashtags: [] });
  return { treasurer, client, avatar, note };
}

/** A file from bytes, handed over in uneven pieces as a disk or a network would. */
export function source(name: string, bytes: Uint8Array, type = 'application/octet-stream'): FileSource {
  return {
    name,
    type,
    size: bytes.length,
    content: (async function* () {
      for (let offset = 0; offset < bytes.length; offset += 10_007) yield bytes.subarray(offset, offset + 10_007);
    })(),
  };
}

/** A file's content, downloaded and decrypted whole. */
export async function download(client: IlotClient, file: StoredFile): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of downloadFile(client, file)) parts.push(part);
  return Buffer.concat(parts);
}

/** Where the server keeps a file's ciphertext. */
export const onDisk = (server: TestServer, member: Member, avatarId: string, fileId: string) =>
  join(server.config.files.dir, member.client.member.id.slice(0, 2), 'avatars', avatarId, fileId);

/** The bytes of file volume an account uses (0 before it used any). */
export async function volumeUsed(server: TestServer, member: Member): Promise<number> {
  return (await usageOf(server, member.client)).volumeBytes;
}

/**
 * Waits until a file's ciphertext is purged: gone from the file store, and no task names it any more
 * (a purge done forgets its target).
 */
export function purged(server: TestServer, fileId: string) {
  const onDisk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? onDisk(join(dir, e.name)) : e.name === fileId));
  return waitFor(
    async () =>
      !onDisk(server.config.files.dir) &&
      (await server.store.db
        .selectFrom('tasks')
        .select('state')
        .where('kind', '=', 'purge.file')
        .where('target', 'like', `%/${fileId}`)
        .executeTakeFirst()) === undefined,
    { what: `file ${fileId} purged` },
  );
}
