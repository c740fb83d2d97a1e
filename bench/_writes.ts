import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { benchMembers, noteWrites } from '../bench/sync.js';
import { load, startBenchServer } from '../bench/support.js';
const pg = process.argv[2] === 'pg';
const dir = mkdtempSync(join(tmpdir(), 'ilot-w-'));
let databaseUrl: string | undefined;
if (pg) {
  const admin = await openStore({ url: 'postgres://postgres@127.0.0.1:5432/postgres' });
  const name = `w${Date.now()}`;
  const { sql } = await import('kysely');
  await sql.raw(`create database ${name}`).execute(admin.db);
  await admin.close();
  databaseUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
}
const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {});
const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
const members = await benchMembers(store, 65);
const bare = await load(`${server.urls.bare}/bare`, { connections: 32, duration: 3 });
const ping = await load(`${server.urls.ilot}/api/ops/ping`, { connections: 32, duration: 3 });
console.log('bare', bare.requestsPerSecond, 'ping', ping.requestsPerSecond);
for (const c of [32, 64]) console.log(c, JSON.stringify(await noteWrites(server.urls.ilot, members.slice(1, 1 + c).map((m) => m.token), members.slice(1, 1 + c).map((m) => m.avatar))));
await store.close();
await server.stop();
rmSync(dir, { recursive: true, force: true });
