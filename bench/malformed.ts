// Malformed requests in rounds, the kinds an attacker or a careless client sends (bad JSON, deep
// nesting, oversized bodies and headers, wrong types and media types, NUL and lone surrogates,
// forged tokens, unknown routes, invalid HTTP), with the server's memory after each round and
// through a quiet period afterwards: it must come back down, not keep what the requests left.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, rssMb, sleep, startBenchServer, type BenchServer } from './support.js';

interface Malformed {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

const json = { 'content-type': 'application/json' };
const forged = { ...json, authorization: `Bearer ${'f'.repeat(43)}` };
const id = '1050000000000001';

// Each kind once per cycle, so that every round sends the same mix.
const kinds: (Malformed | 'invalid http')[] = [
  { path: '/api/ops/ping', headers: json, body: '{"a":' },
  { path: '/api/ops/ping', headers: json, body: '' },
  { path: '/api/ops/ping', headers: json, body: `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}` },
  { path: '/api/ops/ping', headers: json, body: '{"__proto__":{"x":1}}' },
  { path: '/api/ops/ping', headers: json, body: JSON.stringify({ extra: 'x'.repeat(2000) }) },
  { path: '/api/ops/ping', headers: { 'content-type': 'text/plain' }, body: '{}' },
  { path: '/api/ops/ping', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
  { path: '/api/ops/note.create', headers: forged, body: JSON.stringify({ avatarId: id, parentId: null, payload: 'p' }) },
  { path: '/api/ops/account.show', headers: { ...json, authorization: 'Basic eDp5' }, body: '{}' },
  { path: '/api/ops/note.edit', headers: forged, body: JSON.stringify({ id, payload: 'a\u0000b', version: 1e308 }) },
  { path: '/api/ops/space.show', headers: forged, body: `{"orgCode":"\\ud800x"}` },
  { path: '/api/ops/session.signIn', headers: json, body: JSON.stringify({ orgCode: 42, authKey: [] }) },
  { path: '/api/ops/no.such.operation', headers: json, body: '{}' },
  { path: '/api/ops/%E0%A4%A', headers: json, body: '{}' },
  { path: `/api/ops/ping?${'q'.repeat(20_000)}`, headers: json, body: '{}' },
  { method: 'PUT', path: `/api/files/${id}`, headers: { 'content-type': 'application/octet-stream' }, body: 'bytes' },
  { method: 'GET', path: '/api/files/../../etc/passwd' },
  { path: '/api/ops/ping', headers: json, body: JSON.stringify({ x: 'y'.repeat(1024 * 1024) }) },
  'invalid http',
];

/** Sends one malformed request; the answer's status, or what went wrong (counted, not thrown). */
async function send(url: string, kind: Malformed | 'invalid http'): Promise<string> {
  if (kind === 'invalid http') {
    const { hostname, port } = new URL(url);
    return new Promise((resolve) => {
      const socket = connect(Number(port), hostname, () => socket.end('GARBAGE / NOPE\r\n\x00\x01\r\n\r\n'));
      let reply = '';
      socket.on('data', (chunk) => (reply += chunk.toString()));
      socket.on('close', () => resolve(reply.slice(9, 12) || 'closed'));
      socket.on('error', () => {});
    });
  }
  try {
    const response = await fetch(`${url}${kind.path}`, { method: kind.method ?? 'POST', headers: kind.headers, body: kind.body });
    await response.arrayBuffer();
    return String(response.status);
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  }
}

/** The server's memory, in MB: resident (from /proc) and its V8 heap (asked over IPC). */
async function memoryOf(server: BenchServer) {
  const reply = new Promise<NodeJS.MemoryUsage>((resolve) =>
    server.child.once('message', (message) => resolve((message as { memory: NodeJS.MemoryUsage }).memory)),
  );
  server.child.send('memory');
  const memory = await reply;
  const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;
  return {
    rssMb: rssMb(server.child.pid!),
    heapUsedMb: mb(memory.heapUsed),
    heapTotalMb: mb(memory.heapTotal),
    externalMb: mb(memory.external),
    arrayBuffersMb: mb(memory.arrayBuffers),
  };
}

export async function benchMalformed(options: { requests: number; rounds: number; quietSeconds: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir);
  const concurrency = 32;
  try {
    await sleep(1000);
    const idle = await memoryOf(server);
    const rounds = [];
    const answers: Record<string, number> = {};
    let sent = 0;
    for (let round = 1; round <= options.rounds; round++) {
      const until = Math.round((options.requests * round) / options.rounds);
      const started = Date.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent < until) {
            const answer = await send(server.urls.ilot, kinds[sent++ % kinds.length]!);
            answers[answer] = (answers[answer] ?? 0) + 1;
          }
        }),
      );
      rounds.push({ round, requests: sent, seconds: (Date.now() - started) / 1000, ...(await memoryOf(server)) });
    }
    const quiet = [];
    const step = Math.max(1, Math.round(options.quietSeconds / 6));
    for (let waited = step; waited <= options.quietSeconds; waited += step) {
      await sleep(step * 1000);
      quiet.push({ afterSeconds: waited, ...(await memoryOf(server)) });
    }
    const last = quiet.at(-1) ?? rounds.at(-1)!;
    return {
      benchmark: 'malformed',
      machine: machine(),
      engine: 'sqlite',
      concurrency,
      kinds: kinds.length,
      answers,
      idle,
      rounds,
      quiet,
      rssAfterQuietOverIdle: Math.round((last.rssMb / idle.rssMb) * 100) / 100,
      heapAfterQuietOverIdle: Math.round((last.heapUsedMb / idle.heapUsedMb) * 100) / 100,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
