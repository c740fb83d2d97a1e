// Key rotation in a group of 1,000 members, on SQLite and PostgreSQL, as it happens: a member
// leaves (`group.leave`, which makes a rotation due), then a remaining member draws the next key,
// seals it for the 999 holders left (the client's time) and sends it (`group.rotateKey`: checking
// the holders, replacing the copies). The server's side is given as its own time (Server-Timing),
// the wall time of the request, and the CPU the server process (and PostgreSQL's) used for it.
// Baselines in the same run, measured the same way: sealing and writing one note of 5,000 characters.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAesKey, newAesKeyBytes, newEcdhKeyPair, toBase64Url, wrapKey } from '../src/shared/crypto/index.js';
import { groupPurposes, sealGroupKeyFor } from '../src/client/groups.js';
import { sealJson } from '../src/client/sealing.js';
import { newScopedId } from '../src/shared/ids.js';
import { openStore } from '../src/store/database.js';
import { benchMembers } from './sync.js';
import { cpuMs, machine, onEachEngine, postgresCpuMs, startBenchServer, stats } from './support.js';

const members = 1000;
const rounds = 5;
const noteWrites = 50;

/** One POST, failing on a refusal: its server time (Server-Timing), its wall time, and the CPU the server (and PostgreSQL) spent meanwhile. */
async function timed(url: string, operation: string, input: object, token: string, serverPid: number) {
  const cpuBefore = cpuMs(serverPid);
  const postgresBefore = postgresCpuMs();
  const started = performance.now();
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
  return {
    serverMs: Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]),
    wallMs: performance.now() - started,
    cpuMs: cpuMs(serverPid) - cpuBefore,
    postgresCpuMs: postgresCpuMs() - postgresBefore,
  };
}

type Timing = Awaited<ReturnType<typeof timed>>;

/** The samples of each measure (CPU is counted in 10 ms ticks: its total over the samples says more than a percentile). */
const summary = (samples: Timing[], engine: string) => ({
  serverMs: stats(samples.map((t) => t.serverMs)),
  wallMs: stats(samples.map((t) => t.wallMs)),
  serverCpuMsPerCall: samples.reduce((sum, t) => sum + t.cpuMs, 0) / samples.length,
  ...(engine === 'postgres' ? { postgresCpuMsPerCall: samples.reduce((sum, t) => sum + t.postgresCpuMs, 0) / samples.length } : {}),
});

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {});
  const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  try {
    const url = server.urls.ilot;
    const all = await benchMembers(store, members);
    const [first] = all as [(typeof all)[number]];
    // Real public keys, so that the client seals as it would; a group of them all, active, written directly.
    const publicKeys = await Promise.all(all.map(async () => toBase64Url((await newEcdhKeyPair()).publicKey)));
    const groupId = newScopedId(10, 'group');
    await store.transaction(async (tx) => {
      for (const [i, m] of all.entries())
        await tx.updateTable('avatars').set({ ecdh_public_key: publicKeys[i]! }).where('id', '=', m.avatar).execute();
      await tx
        .insertInto('groups')
        .values({
          space_id: 10,
          id: groupId,
          name: 'x',
          card: null,
          card_key_version: null,
          key_version: 1,
          host_avatar_id: first.avatar,
          max_notes: null,
          max_volume_bytes: null,
          hostless_since: null,
          created_at: 0,
        })
        .execute();
      await tx
        .insertInto('group_keys')
        .values({ space_id: 10, group_id: groupId, version: 1, previous_key: null, created_at: 0 })
        .execute();
      for (const m of all) {
        await tx
          .insertInto('group_members')
          .values({
            space_id: 10,
            group_id: groupId,
            avatar_id: m.avatar,
            state: 'active',
            members_access: 1,
            notes_access: 'write',
            moderator: 0,
            listed_by: null,
            invited_by: null,
            card_key: null,
            card_key_version: null,
            note: null,
            since: 0,
          })
          .execute();
        await tx
          .insertInto('group_key_copies')
          .values({ space_id: 10, group_id: groupId, avatar_id: m.avatar, version: 1, sealed_key: 'x' })
          .execute();
      }
    });

    const pid = server.child.pid!;
    const client: number[] = [];
    const leaving: Timing[] = [];
    const rotation: Timing[] = [];
    let current = newAesKeyBytes();
    let holders = all;
    for (let version = 2; version < 2 + rounds; version++) {
      // The last holder leaves, staying a listed contact: the key must be rotated before the next write.
      const gone = holders.at(-1)!;
      holders = holders.slice(0, -1);
      leaving.push(await timed(url, 'group.leave', { groupId, avatarId: gone.avatar, forget: false }, gone.token, pid));
      const started = performance.now();
      const next = newAesKeyBytes();
      const copies = await Promise.all(
        holders.map(async (m) => ({ avatarId: m.avatar, key: await sealGroupKeyFor(publicKeys[all.indexOf(m)]!, next) })),
      );
      const previousKey = toBase64Url(await wrapKey(await importAesKey(next), current, groupPurposes.previousKey));
      client.push(performance.now() - started);
      rotation.push(
        await timed(url, 'group.rotateKey', { groupId, avatarId: first.avatar, version, previousKey, copies }, first.token, pid),
      );
      current = next;
    }

    // Baselines: sealing one note of 5,000 characters, and writing it.
    const noteKey = newAesKeyBytes();
    const sealOne: number[] = [];
    const noteWrite: Timing[] = [];
    for (let i = 0; i < noteWrites; i++) {
      const started = performance.now();
      const payload = await sealJson(noteKey, { text: randomBytes(2500).toString('hex'), hashtags: [] }, 'note');
      sealOne.push(performance.now() - started);
      noteWrite.push(await timed(url, 'note.create', { avatarId: first.avatar, parentId: null, payload }, first.token, pid));
    }
    return {
      engine,
      members,
      departure: summary(leaving, engine),
      rotation: { holders: holders.length, clientMs: stats(client), ...summary(rotation, engine) },
      baseline: { sealOneNoteMs: stats(sealOne), noteCreate: summary(noteWrite, engine) },
    };
  } finally {
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGroups() {
  return { name: 'groups', machine: machine(), results: await onEachEngine(runOn) };
}
