// Notes and catch-up sync, on SQLite and PostgreSQL: the catch-up of an account holding 10,000
// notes (server time summed over its batches), an incremental catch-up of 10 changes, and note
// writes per second with 32 and 64 concurrent clients. Baseline in the same run: `ping`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScopedId } from '../src/shared/ids.js';
import { hashKey } from '../src/server/auth/secrets.js';
import { openStore } from '../src/store/database.js';
import { machine, onEachEngine, serverTime, startBenchServer, stats } from './support.js';

const notes = 10_000;
// A note of about 300 characters of text, as its ciphertext weighs.
const payload = randomBytes(330).toString('base64url');

/** A POST whose server time and answer are both wanted. */
async function timed<T>(url: string, operation: string, input: object, token: string): Promise<{ ms: number; body: T }> {
  const response = await fetch(`${url}/api/ops/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]), body };
}

type Pull = { reached: { subtree: string; version: number }[]; more: boolean; notes: unknown[] };

async function catchUp(url: string, token: string, known: { subtree: string; version: number }[]) {
  let ms = 0;
  let pulls = 0;
  let documents = 0;
  for (let more = true; more; pulls++) {
    const { ms: spent, body } = await timed<Pull>(url, 'sync.pull', { known }, token);
    ms += spent;
    documents += body.notes.length;
    known = body.reached;
    more = body.more;
  }
  return { ms, pulls, documents, known };
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {});
  const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  try {
    const url = server.urls.ilot;
    // 65 accounts with one avatar and one session each, written directly: the first holds the 10,000 notes.
    const members: { avatar: string; token: string }[] = [];
    await store.transaction(async (tx) => {
      await tx.insertInto('spaces').values({ id: 10, org_code: 'sync', created_at: 0 }).execute();
      for (let i = 0; i < 65; i++) {
        const account = newScopedId(10, 'account');
        const avatar = newScopedId(10, 'avatar');
        await tx.insertInto('accounts').values({ space_id: 10, id: account, prefix_id: randomBytes(32).toString('base64url'), auth_hash: 'x', roles: '', wrapped_account_key: 'x', wrapped_space_key: null, created_at: 0, expires_at: null, kind: 'O', partition_id: null, quota_documents: null, quota_volume_bytes: null, gift_cents: 0 }).execute();
        await tx.insertInto('avatars').values({ space_id: 10, id: avatar, account_id: account, name: 'M', ecdh_public_key: 'x', signing_public_key: 'x', wrapped_private_keys: 'x', created_at: 0, is_primary: 1, wrapped_card_key: 'x', card: null, contact_prefix_id: null, contact_auth_hash: null, contact_card_key: null }).execute();
        const id = randomBytes(16).toString('base64url');
        const secret = randomBytes(32).toString('base64url');
        await tx.insertInto('sessions').values({ space_id: 10, id, secret_hash: hashKey(secret), subject: account, role: '', created_at: 0, expires_at: Date.now() + 3_600_000, address: null, user_agent: null, revoked_at: null }).execute();
        members.push({ avatar, token: `10.${id}.${secret}` });
      }
    });
    const ping: number[] = [];
    for (let i = 0; i < 300; i++) ping.push(await serverTime(url, 'ping', {}));

    const [owner] = members;
    // The 10,000 notes, written through the API (one version each), two writers at a time.
    for (let i = 0; i < notes; i += 2) await Promise.all([0, 1].map(() => timed(url, 'note.create', { avatarId: owner!.avatar, parentId: null, payload }, owner!.token)));
    const full: number[] = [];
    let known: { subtree: string; version: number }[] = [];
    let shape = { pulls: 0, documents: 0 };
    for (let round = 0; round < 5; round++) {
      const result = await catchUp(url, owner!.token, []);
      full.push(result.ms);
      known = result.known;
      shape = { pulls: result.pulls, documents: result.documents };
    }
    const incremental: number[] = [];
    for (let round = 0; round < 50; round++) {
      const edits = await Promise.all(Array.from({ length: 10 }, () => timed<{ id: string }>(url, 'note.create', { avatarId: owner!.avatar, parentId: null, payload }, owner!.token)));
      const result = await catchUp(url, owner!.token, known);
      if (result.documents !== edits.length) throw new Error(`incremental catch-up got ${result.documents} notes`);
      incremental.push(result.ms);
      known = result.known;
    }

    const writes: Record<string, unknown> = {};
    for (const clients of [32, 64]) {
      const writers = members.slice(1, 1 + clients);
      const latencies: number[] = [];
      let count = 0;
      const until = performance.now() + 5000;
      const started = performance.now();
      await Promise.all(
        writers.map(async (w) => {
          let last: string | undefined;
          while (performance.now() < until) {
            const begin = performance.now();
            // Creations and edits, alternately.
            if (last) await timed(url, 'note.edit', { noteId: last, payload }, w.token);
            else last = (await timed<{ id: string }>(url, 'note.create', { avatarId: w.avatar, parentId: null, payload }, w.token)).body.id;
            if (count % 2 === 0) last = undefined;
            latencies.push(performance.now() - begin);
            count++;
          }
        }),
      );
      writes[`clients${clients}`] = { perSecond: Math.round(count / ((performance.now() - started) / 1000)), clientLatency: stats(latencies) };
    }
    return {
      engine,
      baselinePing: stats(ping),
      catchUp10000Notes: { serverMsTotal: stats(full), ...shape, goalMs: 120 },
      incrementalCatchUp10Changes: { serverMsTotal: stats(incremental), goalMs: 5 },
      noteWrites: { ...writes, goalPerSecond: 3000 },
    };
  } finally {
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSync() {
  return { benchmark: 'sync', machine: machine(), measure: 'server time (Server-Timing) for catch-ups; client-observed for writes', results: await onEachEngine(runOn) };
}
