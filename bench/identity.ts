// Operator and identity operations, timed by the server (Server-Timing), keys derived beforehand
// (client-side derivation excluded): opening spaces, creating treasurer accounts, 32 concurrent
// sign-ins; on SQLite and PostgreSQL. Baseline in the same run: the `ping` round trip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { IlotClient } from '../src/client/client.js';
import { newTreasurerMaterial } from '../src/client/account-keys.js';
import { derivePhraseKeys, toBase64Url } from '../src/shared/crypto/index.js';
import { verifierOf } from '../src/server/auth/secrets.js';
import { machine, median, percentile, startBenchServer } from './support.js';

const argon2 = { memoryKib: 256, iterations: 2, parallelism: 1 };
const params = { memoryKiB: argon2.memoryKib, iterations: argon2.iterations, parallelism: argon2.parallelism };
const operatorPhrase = 'the operator passphrase of the benchmark';
const spaces = 80;
const quotas = { documents: 1000, volumeBytes: 1e9, monthlyCents: 1000, maxAccounts: 100 };

/** Server-side time of one call, from its Server-Timing header. */
async function serverTime(url: string, operation: string, input: object, token?: string): Promise<number> {
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${operation}: ${response.status}`);
  return Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
}

const stats = (samples: number[]) => ({ p50Ms: round(median(samples)), p99Ms: round(percentile(samples, 0.99)), samples: samples.length });
const round = (ms: number) => Math.round(ms * 100) / 100;

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const operatorKeys = await derivePhraseKeys(operatorPhrase, 'admin', params);
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {}, {
    crypto: { argon2 },
    operators: [{ name: 'bench', role: 'admin', verifier: verifierOf(toBase64Url(operatorKeys.authKey)) }],
  });
  try {
    const url = server.urls.ilot;
    const { token } = await new IlotClient(url).call<{ token: string }>('session.signIn', { orgCode: 'admin', prefixId: toBase64Url(operatorKeys.prefixId), authKey: toBase64Url(operatorKeys.authKey) });
    const ping: number[] = [];
    for (let i = 0; i < 200; i++) ping.push(await serverTime(url, 'ping', {}));
    const ping32: number[] = [];
    for (let round = 0; round < 20; round++) ping32.push(...(await Promise.all(Array.from({ length: 32 }, () => serverTime(url, 'ping', {})))));

    // Everything a client would derive or make is prepared first: only the calls are timed.
    const codes = Array.from({ length: spaces }, (_, i) => `bench${i}`);
    const prepared = await Promise.all(
      codes.map(async (orgCode) => {
        const sponsorship = await derivePhraseKeys(`sponsorship phrase of ${orgCode}`, orgCode, params);
        const passphrase = await derivePhraseKeys(`treasurer passphrase of ${orgCode}`, orgCode, params);
        const material = await newTreasurerMaterial(passphrase.wrapKey);
        const keys = (k: typeof sponsorship) => ({ prefixId: toBase64Url(k.prefixId), authKey: toBase64Url(k.authKey) });
        return { orgCode, sponsorship: keys(sponsorship), passphrase: keys(passphrase), material };
      }),
    );
    const open: number[] = [];
    for (const p of prepared) open.push(await serverTime(url, 'space.open', { orgCode: p.orgCode, quotas, sponsorship: p.sponsorship }, token));
    const create: number[] = [];
    for (const p of prepared) {
      const account = { ...p.passphrase, wrappedAccountKey: p.material.wrappedAccountKey, wrappedSpaceKey: p.material.wrappedSpaceKey };
      create.push(await serverTime(url, 'account.createTreasurer', { orgCode: p.orgCode, sponsorship: p.sponsorship, account, avatar: p.material.avatar }));
    }
    const signInAlone: number[] = [];
    for (const p of prepared.slice(0, 40)) signInAlone.push(await serverTime(url, 'session.signIn', { orgCode: p.orgCode, ...p.passphrase }));
    const signIn: number[] = [];
    for (let round = 0; round < 20; round++) {
      signIn.push(...(await Promise.all(prepared.slice(0, 32).map((p) => serverTime(url, 'session.signIn', { orgCode: p.orgCode, ...p.passphrase })))));
    }
    return {
      engine,
      baselinePing: stats(ping),
      baselinePingWith32Concurrent: stats(ping32),
      openSpace: { ...stats(open), goalP50Ms: 3 },
      createTreasurer: { ...stats(create), goalP50Ms: 5 },
      signInAlone: stats(signInAlone),
      signInWith32Concurrent: { ...stats(signIn), goalP99Ms: 10 },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh PostgreSQL database for the run, or the reason there is none. */
async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> } | { skipped: string }> {
  const base = process.env.ILOT_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `ilot_bench_${Date.now()}`;
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

export async function benchIdentity() {
  const results: unknown[] = [await runOn('sqlite', undefined)];
  const database = await benchDatabase();
  if ('skipped' in database) results.push({ engine: 'postgres', skipped: database.skipped });
  else {
    try {
      results.push(await runOn('postgres', database.url));
    } finally {
      await database.drop();
    }
  }
  return { benchmark: 'identity', machine: machine(), measure: 'server-side time (Server-Timing header), key derivation excluded', results };
}
