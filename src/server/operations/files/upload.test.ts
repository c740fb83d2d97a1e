import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { onDisk, fileSuiteServer, treasurerWithNote } from '../../../../test/support/files.js';
import { sponsored } from '../../../../test/support/members.js';
import { type TestServer } from '../../../../test/support/server.js';

describeEngines('file.upload (PUT /api/files/<id>)', (engine) => {
  let server: TestServer;
  const suite = fileSuiteServer(engine);
  beforeAll(() => {
    server = suite();
  });

  it('takes exactly the reserved bytes from the account that reserved them, and keeps nothing of a refused upload', async () => {
    const { treasurer, client, avatar, note } = await treasurerWithNote(server);
    const { fileId, uploadPath } = await client.call('file.reserve', {
      noteId: note.id,
      nameTag: 'a'.repeat(43),
      size: 100,
      meta: 'c2VhbGVk',
    });
    const put = (path: string, body: Uint8Array, token: string | null = client.sessionToken ?? null) =>
      fetch(`${server.url}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body as BodyInit,
      });
    const codeOf = async (response: Response) => [response.status, ((await response.json()) as { code: string }).code];

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
    expect(existsSync(onDisk(server, treasurer, avatar, fileId))).toBe(false);

    const bob = await sponsored(treasurer, 'Bob');
    expect(await codeOf(await put(uploadPath, new Uint8Array(100), bob.client.sessionToken ?? null))).toEqual([404, 'UPLOAD_NOT_FOUND']);
    expect(await codeOf(await put(uploadPath, new Uint8Array(100), null))).toEqual([401, 'AUTH_REQUIRED']);
    expect(await codeOf(await put('/api/files/not-an-id', new Uint8Array(100)))).toEqual([400, 'VALIDATION_FAILED']);
    const otherSpace = `${Number(fileId.slice(0, 2)) === 89 ? 88 : Number(fileId.slice(0, 2)) + 1}${fileId.slice(2)}`;
    expect(await codeOf(await put(`/api/files/${otherSpace}`, new Uint8Array(100)))).toEqual([403, 'CROSS_SPACE']);
    // A refused upload ends its connection rather than reading the rest of a large body.
    const refused = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      const sending = request(
        `${server.url}${uploadPath}`,
        {
          method: 'PUT',
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': 50_000_000,
            authorization: `Bearer ${bob.client.sessionToken}`,
          },
        },
        (response) => {
          resolve({ status: response.statusCode!, connection: response.headers.connection });
          response.resume();
          sending.destroy();
        },
      );
      sending.on('error', reject);
      sending.write(new Uint8Array(1000));
    });
    expect(refused).toEqual({ status: 404, connection: 'close' });

    expect((await put(uploadPath, new Uint8Array(100))).status).toBe(204);
    expect(existsSync(onDisk(server, treasurer, avatar, fileId))).toBe(true);
    // Once validated, the upload is over: its bytes cannot be sent again.
    await client.call('file.validate', { fileId });
    expect(await codeOf(await put(uploadPath, new Uint8Array(100)))).toEqual([404, 'UPLOAD_NOT_FOUND']);
  });
});
