import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { uploadChunkMaxBytes } from '../../../shared/limits.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { IlotClient } from '../../../client/client.js';
import { attachFile, cipherSize } from '../../../client/files.js';
import { MemoryStore } from '../../../client/local-store.js';
import { catchUp } from '../../../client/notes.js';
import { download, onDisk, fileSuiteServer, treasurerWithNote } from '../../../../test/support/files.js';
import { sponsored } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';

describeEngines('file.upload in chunks (PUT /api/files/<id> with Content-Range)', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  /** A reserved upload of `size` bytes, and a way to PUT chunks of it as its account or another. */
  async function reserved(size: number) {
    const owner = await treasurerWithNote(server);
    const { fileId, uploadPath } = await owner.client.call('file.reserve', {
      noteId: owner.note.id,
      nameTag: 'a'.repeat(43),
      size,
      meta: 'c2VhbGVk',
    });
    const put = async (range: string, body: Uint8Array = new Uint8Array(0), token = owner.client.sessionToken, path = uploadPath) => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-range': range, authorization: `Bearer ${token}` },
        body: body as BodyInit,
      });
      const reply = (await response.json()) as { offset?: number; code?: string; details?: unknown };
      return { status: response.status, ...reply };
    };
    return { ...owner, fileId, uploadPath, put, path: () => onDisk(server, owner.treasurer, owner.avatar, fileId) };
  }

  it('appends chunks where the upload stands, shows the file only once complete, and refuses bad ranges keeping what it holds', async () => {
    const content = randomBytes(300_000);
    const { client, fileId, put, path, treasurer } = await reserved(content.length);
    const total = content.length;
    const chunk = (first: number, last: number) => put(`bytes ${first}-${last}/${total}`, content.subarray(first, last + 1));

    expect(await put(`bytes */${total}`)).toEqual({ status: 200, offset: 0 });
    expect(await chunk(0, 99_999)).toEqual({ status: 200, offset: 100_000 });
    expect(existsSync(path())).toBe(false);
    expect((await refusal(client.call('file.validate', { fileId }))).code).toBe('UPLOAD_INCOMPLETE');

    expect(await chunk(50_000, 149_999)).toMatchObject({ status: 409, code: 'UPLOAD_OFFSET_MISMATCH', details: { offset: 100_000 } });
    expect(await chunk(150_000, 199_999)).toMatchObject({ status: 409, code: 'UPLOAD_OFFSET_MISMATCH' });
    expect(await put(`bytes 100000-300000/${total}`, new Uint8Array(200_001))).toMatchObject({ status: 400, code: 'UPLOAD_RANGE_INVALID' });
    expect(await put(`bytes 100000-100009/${total + 1}`, new Uint8Array(10))).toMatchObject({
      status: 400,
      code: 'UPLOAD_SIZE_MISMATCH',
    });
    expect(await put(`bytes 100000-100009/${total}`, new Uint8Array(11))).toMatchObject({ status: 400, code: 'UPLOAD_SIZE_MISMATCH' });
    expect(await put(`bytes 100009-100000/${total}`)).toMatchObject({ status: 400, code: 'UPLOAD_RANGE_INVALID' });
    expect(await put('bytes=0-10')).toMatchObject({ status: 400, code: 'UPLOAD_RANGE_INVALID' });
    const big = await reserved(uploadChunkMaxBytes + 10);
    expect(await big.put(`bytes 0-${uploadChunkMaxBytes}/${uploadChunkMaxBytes + 10}`)).toMatchObject({
      status: 413,
      code: 'UPLOAD_CHUNK_TOO_LARGE',
    });

    // Another account's upload, another space's id, no session: refused by the pipeline as a whole PUT is.
    const bob = await sponsored(treasurer, 'Bob');
    expect(await chunk(100_000, 100_009).then(() => put(`bytes */${total}`, undefined, bob.client.sessionToken))).toMatchObject({
      status: 404,
      code: 'UPLOAD_NOT_FOUND',
    });
    const otherSpace = `${Number(fileId.slice(0, 2)) === 89 ? 88 : Number(fileId.slice(0, 2)) + 1}${fileId.slice(2)}`;
    expect(await put(`bytes */${total}`, undefined, client.sessionToken, `/api/files/${otherSpace}`)).toMatchObject({
      status: 403,
      code: 'CROSS_SPACE',
    });
    expect(await put(`bytes */${total}`, undefined, 'not-a-session')).toMatchObject({ status: 401 });

    expect(await put(`bytes */${total}`)).toEqual({ status: 200, offset: 100_010 });
    expect(await chunk(100_010, total - 1)).toEqual({ status: 200, offset: total });
    expect(readFileSync(path()).equals(content)).toBe(true);
    expect(await put(`bytes */${total}`)).toEqual({ status: 200, offset: total });
    await client.call('file.validate', { fileId });
    expect(await put(`bytes */${total}`)).toMatchObject({ status: 404, code: 'UPLOAD_NOT_FOUND' });
  });

  it('resumes after a chunk cut off midway: the site holds what it held before that chunk', async () => {
    const content = randomBytes(200_000);
    const { client, fileId, put, path, uploadPath } = await reserved(content.length);
    expect(await put(`bytes 0-49999/200000`, content.subarray(0, 50_000))).toEqual({ status: 200, offset: 50_000 });
    // Half of the next chunk, then the connection drops.
    await new Promise<void>((resolve, reject) => {
      const sending = request(`${server.url}${uploadPath}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': 'bytes 50000-149999/200000',
          'content-length': 100_000,
          authorization: `Bearer ${client.sessionToken}`,
        },
      });
      sending.on('error', () => undefined);
      sending.write(content.subarray(50_000, 100_000), (error) => {
        if (error) reject(error);
        sending.destroy();
        resolve();
      });
    });
    // The site may still be reading the cut chunk (then dropping it): until then it answers busy.
    const notBusy = (reply: Awaited<ReturnType<typeof put>>) => (reply.code === 'UPLOAD_BUSY' ? null : reply);
    const rest = await waitFor(async () => notBusy(await put(`bytes 50000-199999/200000`, content.subarray(50_000))), {
      what: 'the cut chunk dropped',
    });
    expect(rest).toEqual({ status: 200, offset: 200_000 });
    await client.call('file.validate', { fileId });
    expect(readFileSync(path()).equals(content)).toBe(true);
  });

  it('keeps one copy of a chunk sent twice at once, and tells the duplicate where the upload stands', async () => {
    const content = randomBytes(2_000_000);
    const { client, fileId, put, path } = await reserved(content.length);
    const first = content.subarray(0, 1_000_000);
    const replies = await Promise.all([put('bytes 0-999999/2000000', first), put('bytes 0-999999/2000000', first)]);
    const kept = replies.filter((r) => r.status === 200);
    const refused = replies.filter((r) => r.status === 409);
    expect(kept).toEqual([{ status: 200, offset: 1_000_000 }]);
    expect(['UPLOAD_BUSY', 'UPLOAD_OFFSET_MISMATCH']).toContain(refused[0]?.code);
    expect(await put('bytes 0-999999/2000000', first)).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', details: { offset: 1_000_000 } });
    expect(await put('bytes 1000000-1999999/2000000', content.subarray(1_000_000))).toEqual({ status: 200, offset: 2_000_000 });
    await client.call('file.validate', { fileId });
    expect(readFileSync(path()).equals(content)).toBe(true);
  });

  it('sends a readable file from the SDK in chunks with progress, resumes after a chunk cut midway, and downloads it byte for byte', async () => {
    const { treasurer, note } = await treasurerWithNote(server);
    let chunks = 0;
    // The second chunk's connection drops halfway through its body.
    const cutting: typeof fetch = async (input, init) => {
      const range = new Headers(init?.headers).get('content-range');
      if (range && !range.startsWith('bytes *') && ++chunks === 2) {
        const body = init!.body as Uint8Array;
        const half = new ReadableStream({
          start(controller) {
            controller.enqueue(body.subarray(0, body.length / 2));
            controller.error(new Error('network dropped'));
          },
        });
        return fetch(input, { ...init, body: half, duplex: 'half' } as RequestInit);
      }
      return fetch(input, init);
    };
    const client = new IlotClient(server.url, { fetch: cutting });
    await client.signIn(treasurer.orgCode, treasurer.passphrase);
    const content = randomBytes(3 * 1024 * 1024 + 1000);
    const progress: number[] = [];
    const readable = {
      name: 'film.mp4',
      type: 'video/mp4',
      size: content.length,
      read: async (start: number, end: number) => content.subarray(start, end),
    };
    const { id } = await attachFile(client, note.id, readable, { onProgress: (sent) => progress.push(sent) });
    expect(chunks).toBeGreaterThan(4);
    expect(progress.at(-1)).toBe(cipherSize(content.length));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const store = new MemoryStore();
    await catchUp(client, store);
    const [file] = (await store.files()).filter((f) => f.id === id);
    expect((await download(client, file!)).equals(content)).toBe(true);
  });
});
