// Notes and catch-up sync, on SQLite and PostgreSQL: the catch-up of an account holding 10,000
// notes (server time summed over its batches), an incremental catch-up of 10 changes, and note
// writes per second with 32 and 64 concurrent clients. Baseline in the same run: `ping`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScopedId } from '../src/shared/ids.js';
import { hashKey } from '../src/domain/secrets.js';
import { sealState } from '../src/server/auth/session-state.js';
import { openStore, type Store } from '../src/store/database.js';
import autocannon from 'autocannon';
import { cpuPerRequest, machine, onEachEngine, serverTime, startBenchServer, stats, bareAccount } from './support.js';

const notes = 10_000;
// A note of about 300 characters of text, as its ciphertext weighs.
const payload = randomBytes(330).toString('base64url');

/** A POST whose server time and answer are both wanted. */
async function timed<T>(url: string, operation: string, input: object, token: string): Promise<{ ms: number; body: T }> {
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
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

/**
 * Note creations and edits, alternately, for 5 s from one connection per client (autocannon: the
 * load generator shares the 2 cores, so it has to be lean), the members taking turns.
 */
export async function noteWrites(url: string, tokens: string[], avatars: string[], serverPid: number) {
  let next = 0;
  const cpu = cpuPerRequest(serverPid);
  type Connection = { token?: string; avatar?: string; noteId?: string };
  const result = await autocannon({
    url,
    connections: tokens.length,
    duration: 5,
    requests: [
      {
        method: 'POST',
        path: '/api/ops/note.create',
        setupRequest: (request, context: Connection) => {
          // autocannon gives each connection a fresh context at every round: members take turns.
          [context.token, context.avatar] = [tokens[next % tokens.length], avatars[next++ % tokens.length]];
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}` },
            body: JSON.stringify({ avatarId: context.avatar, parentId: null, payload }),
          };
        },
        onResponse: (_status, body, context: Connection) => {
          context.noteId = (JSON.parse(body) as { id: string }).id;
        },
      },
      {
        method: 'POST',
        path: '/api/ops/note.edit',
        setupRequest: (request, context: Connection) => ({
          ...request,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${context.token}` },
          body: JSON.stringify({ noteId: context.noteId, payload }),
        }),
      },
    ],
  });
  if (result.non2xx || result.errors) throw new Error(`note writes: ${result.non2xx} refusals, ${result.errors} errors`);
  return {
    perSecond: Math.round(result.requests.average),
    clientLatency: { p50Ms: result.latency.p50, p99Ms: result.latency.p99, samples: result.requests.total },
    cpuMsPerWrite: cpu(result.requests.total),
  };
}

/** Members written directly (one account, avatar and session each) in a space 10, with their session tokens. */
export async function benchMembers(store: Store, count: number): Promise<{ avatar: string; token: string }[]> {
  const members: { avatar: string; token: string }[] = [];
  await store.transaction(async (tx) => {
    await tx.insertInto('spaces').values({ id: 10, org_code: 'sync', created_at: 0 }).execute();
    for (let i = 0; i < count; i++) {
      const account = newScopedId(10, 'account');
      const avatar = newScopedId(10, 'avatar');
      await tx.insertInto('accounts').values(bareAccount(10, account)).execute();
      await tx
        .insertInto('avatars')
        .values({
          space_id: 10,
          id: avatar,
          account_id: account,
          name: 'M',
          ecdh_public_key: 'x',
          signing_public_key: 'x',
          wrapped_private_keys: 'x',
          created_at: 0,
          is_primary: 1,
          wrapped_card_key: 'x',
          card: null,
          contact_prefix_id: null,
          contact_auth_hash: null,
          contact_card_key: null,
        })
        .execute();
      const id = randomBytes(16).toString('base64url');
      const secret = randomBytes(32).toString('base64url');
      await tx
        .insertInto('sessions')
        .values({
          space_id: 10,
          id,
          secret_hash: hashKey(secret),
          subject: account,
          role: '',
          created_at: 0,
          expires_at: Date.now() + 3_600_000,
          address: null,
          user_agent: null,
          revoked_at: null,
          // As a real session holds it: the usage key presented, so that writes take the masked path.
          sealed_state: sealState(secret, 10, id, { avatars: [avatar], usageKey: randomBytes(32).toString('base64url') }),
        })
        .execute();
      members.push({ avatar, token: `10.${id}.${secret}` });
    }
  });
  return members;
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {});
  const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  try {
    const url = server.urls.ilot;
    // 65 members: the first holds the 10,000 notes.
    const members = await benchMembers(store, 65);
    const ping: number[] = [];
    for (let i = 0; i < 300; i++) ping.push(await serverTime(url, 'ping', {}));

    const [owner] = members;
    // The 10,000 notes, written through the API (one version each), two writers at a time.
    for (let i = 0; i < notes; i += 2)
      await Promise.all([0, 1].map(() => timed(url, 'note.create', { avatarId: owner!.avatar, parentId: null, payload }, owner!.token)));
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
      const edits = await Promise.all(
        Array.from({ length: 10 }, () =>
          timed<{ id: string }>(url, 'note.create', { avatarId: owner!.avatar, parentId: null, payload }, owner!.token),
        ),
      );
      const result = await catchUp(url, owner!.token, known);
      if (result.documents !== edits.length) throw new Error(`incremental catch-up got ${result.documents} notes`);
      incremental.push(result.ms);
      known = result.known;
    }

    const writes: Record<string, unknown> = {};
    for (const clients of [32, 64])
      writes[`clients${clients}`] = await noteWrites(
        url,
        members.slice(1, 1 + clients).map((m) => m.token),
        members.slice(1, 1 + clients).map((m) => m.avatar),
        server.child.pid!,
      );
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
  return {
    benchmark: 'sync',
    machine: machine(),
    measure: 'server time (Server-Timing) for catch-ups; client-observed (autocannon) for writes',
    results: await onEachEngine(runOn),
  };
}
