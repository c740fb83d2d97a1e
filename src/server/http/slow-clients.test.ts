import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { treasurerWithNote } from '../../../test/support/files.js';
import { withOperators } from '../../../test/support/operators.js';
import { postJsonText, sendRaw } from '../../../test/support/raw-requests.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

/** A raw connection to the server: what it received until the server closed it. */
interface Raw {
  socket: Socket;
  /** Everything the server sent, once it closed the connection (a reset included). */
  closed: Promise<string>;
}

function openRaw(url: string): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      const closed = new Promise<string>((done) => socket.on('close', () => done(data)));
      resolve({ socket, closed });
    });
    socket.once('error', reject);
    // A reset after the reply is read is still a close.
    socket.on('error', () => {});
  });
}

const statusAndCode = (reply: string) => [Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]), /"code":"([A-Z_]+)"/.exec(reply)?.[1]];

const errorLines = (server: TestServer) => server.logs.lines.filter((line) => Number(line.level) >= 50);

describeEngines('slow clients', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      sessions: { maxFailedSignIns: 1000 },
      http: { headersTimeoutMs: 300, requestTimeoutMs: 300, idleTimeoutMs: 2000, rateLimitPerMinute: 100_000 },
    });
  });
  afterAll(() => server.stop());

  it('answers headers that stop coming with 408 REQUEST_TIMEOUT, then closes', async () => {
    const raw = await openRaw(server.url);
    raw.socket.write('POST /api/ops/ping HTTP/1.1\r\nHost: x\r\n');
    expect(statusAndCode(await raw.closed)).toEqual([408, 'REQUEST_TIMEOUT']);
  });

  it('answers a connection that never sends a request with 408 REQUEST_TIMEOUT, then closes', async () => {
    const raw = await openRaw(server.url);
    expect(statusAndCode(await raw.closed)).toEqual([408, 'REQUEST_TIMEOUT']);
  });

  it('answers a body shorter than its Content-Length with 408 REQUEST_TIMEOUT, then closes', async () => {
    const raw = await openRaw(server.url);
    raw.socket.write('POST /api/ops/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{');
    expect(statusAndCode(await raw.closed)).toEqual([408, 'REQUEST_TIMEOUT']);
  });

  it('answers a chunked body that stalls with 408 REQUEST_TIMEOUT, then closes', async () => {
    const raw = await openRaw(server.url);
    raw.socket.write(
      'POST /api/ops/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n',
    );
    expect(statusAndCode(await raw.closed)).toEqual([408, 'REQUEST_TIMEOUT']);
  });

  it('closes a keep-alive connection that stays idle', async () => {
    const raw = await openRaw(server.url);
    raw.socket.write('POST /api/ops/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    const reply = await raw.closed;
    expect(statusAndCode(reply)[0]).toBe(200);
    expect(reply).toMatch(/keep-alive/i);
  });

  it('lets an upload take longer than the request timeout while its bytes keep coming, and times out one that stalls', async () => {
    const { client, note } = await treasurerWithNote(server);
    const reserve = () => client.call('file.reserve', { noteId: note.id, nameTag: 'a'.repeat(43), size: 1200, meta: 'c2VhbGVk' });
    const headers = (path: string, length: number) =>
      `PUT ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${client.sessionToken}\r\n` +
      `Content-Type: application/octet-stream\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

    const flowing = await reserve();
    const raw = await openRaw(server.url);
    raw.socket.write(headers(flowing.uploadPath, 1200));
    // 12 chunks 100 ms apart: four times the request timeout in all, never idle for long.
    for (let i = 0; i < 12; i++) {
      await new Promise((done) => setTimeout(done, 100));
      raw.socket.write(Buffer.alloc(100));
    }
    expect(statusAndCode(await raw.closed)[0]).toBe(204);

    const stalled = await reserve();
    const stalling = await openRaw(server.url);
    stalling.socket.write(headers(stalled.uploadPath, 1200) + 'x'.repeat(100));
    expect(statusAndCode(await stalling.closed)).toEqual([408, 'REQUEST_TIMEOUT']);
  });

  it('wrote no error line and stays healthy', async () => {
    expect(errorLines(server)).toEqual([]);
    expect((await sendRaw(server.url, '/health/ready', { method: 'GET' })).status).toBe(200);
  });
});

describeEngines('refused bodies', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { http: { rateLimitPerMinute: 100_000 } });
  });
  afterAll(() => server.stop());

  it('answers JSON nested 5,000 levels deep with 400 INPUT_TOO_DEEP, without an error line', async () => {
    const deep = await postJsonText(server.url, 'ping', `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect([deep.status, deep.body.code]).toEqual([400, 'INPUT_TOO_DEEP']);
    expect(errorLines(server)).toEqual([]);
    expect((await postJsonText(server.url, 'ping', '{}')).status).toBe(200);
    expect((await sendRaw(server.url, '/health/ready', { method: 'GET' })).status).toBe(200);
  });

  /** POSTs `body` to ping `times` times, `atOnce` at a time: how each was answered, or how it failed. */
  async function postMany(body: string, times: number, atOnce: number): Promise<string[]> {
    const answers: string[] = [];
    for (let sent = 0; sent < times; sent += atOnce) {
      const round = Array.from({ length: Math.min(atOnce, times - sent) }, () =>
        fetch(`${server.url}/api/ops/ping`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
          async (response) => `${response.status} ${((await response.json()) as { code: string }).code}`,
          (error: Error) => `${error.message} (${String((error.cause as Error)?.message)})`,
        ),
      );
      answers.push(...(await Promise.all(round)));
    }
    return answers;
  }

  it('answers every body over the limit with 413, not a reset', async () => {
    const answers = await postMany(JSON.stringify({ x: 'y'.repeat(1.5 * 1024 * 1024) }), 130, 10);
    expect(answers.filter((answer) => answer !== '413 PAYLOAD_TOO_LARGE')).toEqual([]);
  });

  it('reads a refused body to its end before closing, so that the client can finish sending it', async () => {
    // Larger than what the loopback's buffers hold: without the drain, the client's writes fail (EPIPE, reset).
    const body = 'x'.repeat(12 * 1024 * 1024);
    const sends = Array.from({ length: 10 }, async () => {
      const raw = await openRaw(server.url);
      const request = `POST /api/ops/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const written = new Promise<string>((done) => raw.socket.write(request + body, (error) => done(error ? String(error) : 'written')));
      return `${await written}, ${statusAndCode(await raw.closed).join(' ')}`;
    });
    expect(new Set(await Promise.all(sends))).toEqual(new Set(['written, 413 PAYLOAD_TOO_LARGE']));
    expect(await postMany(JSON.stringify({ x: 'y'.repeat(12 * 1024 * 1024) }), 10, 5)).toEqual(Array(10).fill('413 PAYLOAD_TOO_LARGE'));
  });

  it('closes the connection of a refused body that goes on past 16 MiB, and writes no error line', async () => {
    const raw = await openRaw(server.url);
    raw.socket.write('POST /api/ops/ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    const piece = `100000\r\n${'x'.repeat(0x100000)}\r\n`;
    // Chunks until the server closes: it stops reading 16 MiB after the limit.
    let open = true;
    void raw.closed.then(() => (open = false));
    for (let sent = 0; open && sent < 64; sent++) await new Promise((done) => raw.socket.write(piece, done));
    await raw.closed;
    expect(open).toBe(false);
    expect(errorLines(server)).toEqual([]);
    expect((await postJsonText(server.url, 'ping', '{}')).status).toBe(200);
  });
});
