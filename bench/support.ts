import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { WebSocket } from 'ws';
import { derivePhraseKeys, toBase64Url } from '../src/shared/crypto/index.js';
import { verifierOf } from '../src/domain/secrets.js';

/** Resident memory of a process, in MB, from /proc. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** CPU time a process has used so far (user and system), in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** CPU time used so far by every PostgreSQL process of this machine, in ms. */
export function postgresCpuMs(): number {
  const comm = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && comm(pid) === 'postgres')
    .reduce((sum, pid) => sum + cpuMs(Number(pid)), 0);
}

/**
 * Starts counting the CPU of the server, of PostgreSQL and of this process (the load generator);
 * the function returned gives each one's ms per request over `requests`: on 2 shared cores, their
 * sum bounds the rate.
 */
export function cpuPerRequest(serverPid: number): (requests: number) => { server: number; postgres: number; loadGenerator: number } {
  const before = { server: cpuMs(serverPid), postgres: postgresCpuMs(), loadGenerator: cpuMs(process.pid) };
  const per = (now: number, then: number, requests: number) => Math.round(((now - then) / requests) * 1000) / 1000;
  return (requests) => ({
    server: per(cpuMs(serverPid), before.server, requests),
    postgres: per(postgresCpuMs(), before.postgres, requests),
    loadGenerator: per(cpuMs(process.pid), before.loadGenerator, requests),
  });
}

export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

export function machine() {
  return { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

/** POSTs `{}` to a URL with autocannon, for a duration or a number of requests. */
export async function load(url: string, options: { connections: number; duration?: number; amount?: number }): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export interface BenchServer {
  child: ChildProcess;
  urls: { ilot: string; bare: string };
  stop(): Promise<void>;
}

/**
 * Starts bench/server.mjs (compiled code) in its own process and waits for its URLs; `tree`: the
 * checkout whose server to start (another commit's, built, for a before-and-after), this one's by default.
 */
export async function startBenchServer(
  dir: string,
  env: Record<string, string> = {},
  config: object = {},
  tree?: string,
): Promise<BenchServer> {
  const script = tree ? join(tree, 'bench', 'server.mjs') : new URL('./server.mjs', import.meta.url).pathname;
  // The same V8 flags as `npm start`.
  const child = fork(script, [dir, JSON.stringify(config)], {
    execArgv: [
      '--max-semi-space-size=4',
      ...(process.env.ILOT_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ILOT_BENCH_PROF}`] : []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const urls = await new Promise<{ ilot: string; bare: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { ilot: string; bare: string }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    child,
    urls,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Light key derivation for benchmark servers, and their one admin operator. */
export const benchArgon2 = { memoryKib: 256, iterations: 2, parallelism: 1 };
export const benchKdfParams = {
  memoryKiB: benchArgon2.memoryKib,
  iterations: benchArgon2.iterations,
  parallelism: benchArgon2.parallelism,
};
export const benchOperatorPhrase = 'the operator passphrase of the benchmark';

/** A bench server (on `databaseUrl`, else SQLite in `dir`; `tree`'s, else this one's; `config` added) with the bench operator; the operator's keys too. */
export async function startBenchServerWithOperator(dir: string, databaseUrl: string | undefined, tree?: string, config: object = {}) {
  const operatorKeys = await derivePhraseKeys(benchOperatorPhrase, 'admin', benchKdfParams);
  const server = await startBenchServer(
    dir,
    databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {},
    {
      ...config,
      crypto: { argon2: benchArgon2 },
      operators: [{ name: 'bench', role: 'admin', verifier: verifierOf(toBase64Url(operatorKeys.authKey)) }],
    },
    tree,
  );
  return { server, operatorKeys };
}

/**
 * Runs `each` over the items a wave at a time. Signing in a thousand live sessions at once would
 * queue a thousand reads on a PostgreSQL pool of ten connections, and the last ones would wait
 * past their sign-in timeout; a wave is what a busy site sees.
 */
export async function inWaves<T>(items: readonly T[], size: number, each: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map((item, i) => each(item, start + i)));
}

/** Live sessions signed in together: a few times the default pool (10 connections per node). */
export const liveWave = 50;

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

/** Nearest-rank percentile (p in 0–1). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

/** Server-side time of one call, from its Server-Timing header. */
export async function serverTime(url: string, operation: string, input: object, token?: string): Promise<number> {
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${operation}: ${response.status}`);
  return Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
}

export const stats = (samples: number[]) => ({
  p50Ms: round(median(samples)),
  p99Ms: round(percentile(samples, 0.99)),
  samples: samples.length,
});
export const round = (ms: number) => Math.round(ms * 100) / 100;

/** A fresh PostgreSQL database for the run, or the reason there is none. */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> } | { skipped: string }> {
  const base = process.env.ILOT_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ilot_bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    return { skipped: `PostgreSQL unreachable at ${base}: ${(error as Error).message}` };
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * Runs a benchmark on SQLite, then on a fresh PostgreSQL database (or says why it could not);
 * ILOT_BENCH_ENGINE=sqlite or postgres runs it on that engine alone.
 */
export async function onEachEngine<T>(
  run: (engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) => Promise<T>,
): Promise<(T | { engine: 'postgres'; skipped: string })[]> {
  const only = process.env.ILOT_BENCH_ENGINE;
  const results: (T | { engine: 'postgres'; skipped: string })[] = only === 'postgres' ? [] : [await run('sqlite', undefined)];
  if (only === 'sqlite') return results;
  const database = await benchDatabase();
  if ('skipped' in database) results.push({ engine: 'postgres', skipped: database.skipped });
  else {
    try {
      results.push(await run('postgres', database.url));
    } finally {
      await database.drop();
    }
  }
  return results;
}

/**
 * Client-observed latency of POST {} at a modest pace (a few concurrent callers, one request at a
 * time each), for `seconds` or until `until()` says stop: what a person using the site waits.
 */
export async function latencySample(
  url: string,
  options: { seconds: number; callers?: number; until?: () => Promise<boolean> },
): Promise<{ p50Ms: number; p99Ms: number; samples: number }> {
  const samples: number[] = [];
  const end = Date.now() + options.seconds * 1000;
  let stop = false;
  const watcher = options.until
    ? (async () => {
        while (!stop && Date.now() < end) {
          if (await options.until!()) stop = true;
          await sleep(50);
        }
      })()
    : Promise.resolve();
  await Promise.all(
    Array.from({ length: options.callers ?? 4 }, async () => {
      while (!stop && Date.now() < end) {
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        await response.arrayBuffer();
        samples.push(performance.now() - started);
        await sleep(2);
      }
    }),
  );
  stop = true;
  await watcher;
  return { ...stats(samples) };
}

/** An O account row with no keys, for benchmarks that fill a database directly. */
export const bareAccount = (spaceId: number, id: string) => ({
  space_id: spaceId,
  id,
  prefix_id: randomBytes(32).toString('base64url'),
  auth_hash: 'x',
  roles: '',
  wrapped_account_key: 'x',
  wrapped_space_key: null,
  created_at: 0,
  expires_at: null,
  kind: 'O' as const,
  partition_id: null,
  quota_documents: null,
  quota_volume_bytes: null,
  gift_cents: 0,
});

/**
 * Signed-in live sockets; `onChanged` hears each notice. A socket the server closes once signed in
 * would never hear the edits: `lost` then fails, and the run with it, rather than wait forever.
 */
export function liveSockets(url: string) {
  const sockets: WebSocket[] = [];
  let fail: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_, reject) => (fail = reject));
  lost.catch(() => undefined);
  const connect = (token: string, onChanged: (at: number) => void) =>
    new Promise<void>((ready, refused) => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/api/live`);
      sockets.push(socket);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
      socket.on('message', (data) => {
        const message = JSON.parse((data as Buffer).toString()) as { type: string };
        if (message.type === 'ready') ready();
        if (message.type === 'changed') onChanged(performance.now());
      });
      socket.on('error', refused);
      socket.on('close', (code, reason) => {
        const error = new Error(`a live socket was closed: ${code} ${reason.toString()}`);
        refused(error);
        fail(error);
      });
    });
  return { sockets, lost, connect };
}
