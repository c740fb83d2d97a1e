// Key rotation in a group of 1,000 members, on SQLite and PostgreSQL: the time on the client
// (drawing the key and sealing 1,000 copies, one per member's ECDH key) and on the server
// (`group.rotateKey`: checking the holders, replacing the copies). Baselines in the same run:
// sealing one note of 5,000 characters, and the server time of `note.create`.
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
import { machine, onEachEngine, startBenchServer, stats } from './support.js';

const members = 1000;
const rounds = 5;

/** Server time of a POST (Server-Timing), failing on a refusal. */
async function timed(url: string, operation: string, input: object, token: string): Promise<number> {
  const response = await fetch(`${url}/api/ops/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${await response.text()}`);
  return Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
}

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

    const client: number[] = [];
    const serverMs: number[] = [];
    let current = newAesKeyBytes();
    for (let version = 2; version < 2 + rounds; version++) {
      const started = performance.now();
      const next = newAesKeyBytes();
      const copies = await Promise.all(all.map(async (m, i) => ({ avatarId: m.avatar, key: await sealGroupKeyFor(publicKeys[i]!, next) })));
      const previousKey = toBase64Url(await wrapKey(await importAesKey(next), current, groupPurposes.previousKey));
      client.push(performance.now() - started);
      serverMs.push(await timed(url, 'group.rotateKey', { groupId, avatarId: first.avatar, version, previousKey, copies }, first.token));
      current = next;
    }

    // Baselines: sealing one note of 5,000 characters, and writing it.
    const noteKey = newAesKeyBytes();
    const sealOne: number[] = [];
    const noteWrite: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const payload = await sealJson(noteKey, { text: randomBytes(2500).toString('hex'), hashtags: [] }, 'note');
      sealOne.push(performance.now() - started);
      noteWrite.push(await timed(url, 'note.create', { avatarId: first.avatar, parentId: null, payload }, first.token));
    }
    return {
      engine,
      members,
      rotation: { clientMs: stats(client), serverMs: stats(serverMs) },
      baseline: { sealOneNoteMs: stats(sealOne), noteCreateServerMs: stats(noteWrite) },
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
