// Group notes, on SQLite and PostgreSQL (issue 15, "Speed"):
// - catch-up of a member of 50 groups of 200 notes each (10,000 notes), server time summed over
//   its pulls; baseline in the same run: the catch-up of an account holding 10,000 personal notes;
// - a group of 1,000 active members, each with one connected session: the time from sending an
//   edit of a group note to its notice in every session, and the server's resident memory; baseline
//   in the same run: a personal note's write noticed by the account's other session, and the
//   server's memory before the sessions connect.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScopedId } from '../src/shared/ids.js';
import { newSigningKeyPair, payloadDigest, signAuthorship, toBase64Url } from '../src/shared/crypto/index.js';
import { hashKey } from '../src/domain/secrets.js';
import { sealState } from '../src/server/auth/session-state.js';
import { openStore, type Store, type Tx } from '../src/store/database.js';
import {
  bareAccount,
  cpuMs,
  inWaves,
  liveSockets,
  liveWave,
  machine,
  onEachEngine,
  rssMb,
  sleep,
  startBenchServer,
  stats,
} from './support.js';

const spaceId = 10;
const groupsOfMember = 50;
const notesPerGroup = 200;
const members = 1000;
const edits = 40;
// A note of about 300 characters of text, as its ciphertext weighs.
const payload = randomBytes(330).toString('base64url');

/** An account with its primary avatar (whose signing key is given) and a session, written directly: only what is measured goes through the server. */
async function member(tx: Tx, signingPublicKey = 'x') {
  const account = newScopedId(spaceId, 'account');
  const avatar = newScopedId(spaceId, 'avatar');
  await tx.insertInto('accounts').values(bareAccount(spaceId, account)).execute();
  await tx
    .insertInto('avatars')
    .values({
      space_id: spaceId,
      id: avatar,
      account_id: account,
      name: 'M',
      ecdh_public_key: 'x',
      signing_public_key: signingPublicKey,
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
  const session = async () => {
    const id = randomBytes(16).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    await tx
      .insertInto('sessions')
      .values({
        space_id: spaceId,
        id,
        secret_hash: hashKey(secret),
        subject: account,
        role: '',
        created_at: 0,
        expires_at: Date.now() + 3_600_000,
        address: null,
        user_agent: null,
        revoked_at: null,
        sealed_state: sealState(secret, spaceId, id, { avatars: [avatar], usageKey: randomBytes(32).toString('base64url') }),
      })
      .execute();
    return `${spaceId}.${id}.${secret}`;
  };
  return { account, avatar, session };
}

/** A hosted group with these members (notes access given), its notes written directly; returns its id and notes. */
async function group(tx: Tx, host: string, memberAccess: [avatar: string, notes: 'read' | 'write'][], notes: number) {
  const id = newScopedId(spaceId, 'group');
  await tx
    .insertInto('groups')
    .values({
      space_id: spaceId,
      id,
      name: 'x',
      card: null,
      card_key_version: null,
      key_version: 1,
      host_avatar_id: host,
      max_notes: 100_000,
      max_volume_bytes: 0,
      hostless_since: null,
      created_at: 0,
    })
    .execute();
  for (let start = 0; start < memberAccess.length; start += 200)
    await tx
      .insertInto('group_members')
      .values(
        memberAccess.slice(start, start + 200).map(([avatar, notesAccess]) => ({
          space_id: spaceId,
          group_id: id,
          avatar_id: avatar,
          state: 'active' as const,
          members_access: 1,
          notes_access: notesAccess,
          moderator: 0,
          listed_by: null,
          invited_by: null,
          card_key: null,
          card_key_version: null,
          note: null,
          since: 0,
        })),
      )
      .execute();
  const ids = await documents(tx, id, notes, 1);
  await tx.updateTable('groups').set({ notes_count: notes }).where('space_id', '=', spaceId).where('id', '=', id).execute();
  return { id, notes: ids };
}

/** Notes of a subtree written directly, versions 1 to n (a group's: key version 1, one authorship). */
async function documents(tx: Tx, subtree: string, n: number, keyVersion: number | null): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 200) {
    const rows = Array.from({ length: Math.min(200, n - start) }, (_, i) => {
      const id = newScopedId(spaceId, 'note');
      ids.push(id);
      return {
        space_id: spaceId,
        id,
        subtree,
        parent_id: null,
        version: start + i + 1,
        size: payload.length,
        payload,
        key_version: keyVersion,

        created_at: 0,
        updated_at: 0,
      };
    });
    await tx.insertInto('notes').values(rows).execute();
    if (keyVersion !== null)
      await tx
        .insertInto('group_note_authors')
        .values(
          rows.map((r) => ({
            space_id: spaceId,
            note_id: r.id,
            seq: 1,
            subtree,
            avatar_id: subtree,
            key_version: keyVersion,
            digest: 'x'.repeat(43),
            signature: 'x'.repeat(86),
          })),
        )
        .execute();
  }
  await tx.insertInto('subtree_versions').values({ space_id: spaceId, subtree, version: n }).execute();
  return ids;
}

/** A POST's server time (Server-Timing) and answer. */
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

/**
 * A whole catch-up from nothing: server time summed over its pulls, and the server process's CPU
 * time, three runs, the best kept (the machine is shared).
 */
async function catchUpMs(url: string, token: string, expected: number, pid: number) {
  const runs: number[] = [];
  const cpu: number[] = [];
  let pulls = 0;
  for (let run = 0; run < 3; run++) {
    const cpuBefore = cpuMs(pid);
    let known: { subtree: string; version: number }[] = [];
    let ms = 0;
    let notes = 0;
    pulls = 0;
    for (let more = true; more; pulls++) {
      const answer = await timed<{ reached: typeof known; more: boolean; notes: unknown[] }>(url, 'sync.pull', { known }, token);
      ms += answer.ms;
      notes += answer.body.notes.length;
      known = answer.body.reached;
      more = answer.body.more;
    }
    if (notes !== expected) throw new Error(`catch-up brought ${notes} notes, not ${expected}`);
    runs.push(ms);
    cpu.push(cpuMs(pid) - cpuBefore);
  }
  return {
    serverMs: Math.round(Math.min(...runs) * 10) / 10,
    runsMs: runs.map((r) => Math.round(r * 10) / 10),
    serverCpuMs: Math.min(...cpu),
    runsCpuMs: cpu,
    pulls,
  };
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  // Every session connects from one address: the per-address cap is raised for the run.
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {}, {
    live: { maxSocketsPerAddress: 5000 },
  });
  const store: Store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  const live = liveSockets(server.urls.ilot);
  try {
    const url = server.urls.ilot;
    await sleep(500);
    const idleMb = rssMb(server.child.pid!);
    const signing = await newSigningKeyPair();
    const setup = await store.transaction(async (tx) => {
      await tx.insertInto('spaces').values({ id: spaceId, org_code: 'groups', created_at: 0 }).execute();
      // Catch-up: a member of 50 groups of 200 notes, and the baseline, an account of 10,000 personal notes.
      const reader = await member(tx);
      for (let g = 0; g < groupsOfMember; g++) await group(tx, reader.avatar, [[reader.avatar, 'read']], notesPerGroup);
      const personal = await member(tx);
      await documents(tx, personal.avatar, groupsOfMember * notesPerGroup, null);
      // Live: a group of 1,000 members, one of them writing; the baseline, one account with two sessions.
      const everyone = [];
      for (let i = 0; i < members; i++) everyone.push(await member(tx, i === 0 ? toBase64Url(signing.publicKey) : 'x'));
      const big = await group(
        tx,
        everyone[0]!.avatar,
        everyone.map((m, i) => [m.avatar, i === 0 ? 'write' : 'read']),
        10,
      );
      const tokens = [];
      for (const m of everyone) tokens.push(await m.session());
      const alone = await member(tx);
      return {
        readerToken: await reader.session(),
        personalToken: await personal.session(),
        big,
        writer: everyone[0]!.avatar,
        tokens,
        alone: { avatar: alone.avatar, tokens: [await alone.session(), await alone.session()] },
      };
    });
    const groupsCatchUp = await catchUpMs(url, setup.readerToken, groupsOfMember * notesPerGroup, server.child.pid!);
    const personalCatchUp = await catchUpMs(url, setup.personalToken, groupsOfMember * notesPerGroup, server.child.pid!);

    // Baseline: a personal note written, noticed by the account's other session.
    let heardAlone: ((at: number) => void) | undefined;
    await live.connect(setup.alone.tokens[1]!, (at) => heardAlone?.(at));
    const personalNotice: number[] = [];
    for (let i = 0; i < edits; i++) {
      const heard = new Promise<number>((resolve) => (heardAlone = resolve));
      const started = performance.now();
      await timed(url, 'note.create', { avatarId: setup.alone.avatar, parentId: null, payload }, setup.alone.tokens[0]!);
      personalNotice.push((await Promise.race([heard, live.lost])) - started);
    }

    // 1,000 sessions of the group's members connected.
    const waiting = new Map<number, (at: number) => void>();
    await inWaves(setup.tokens, liveWave, (token, i) => live.connect(token, (at) => waiting.get(i)?.(at)));
    await sleep(1000);
    const connectedMb = rssMb(server.child.pid!);
    const edit: number[] = [];
    const lastSession: number[] = [];
    const writeOnly: number[] = [];
    for (let e = 0; e < edits; e++) {
      const text = randomBytes(330).toString('base64url');
      const signature = await signAuthorship(signing.privateKey, { keyVersion: 1, digest: await payloadDigest(text) });
      const heard = setup.tokens.map((_, i) => new Promise<number>((resolve) => waiting.set(i, resolve)));
      const started = performance.now();
      const input = {
        noteId: setup.big.notes[e % setup.big.notes.length]!,
        avatarId: setup.writer,
        keyVersion: 1,
        payload: text,
        signature,
      };
      await timed(url, 'groupNote.edit', input, setup.tokens[0]!);
      writeOnly.push(performance.now() - started);
      const at = await Promise.race([Promise.all(heard), live.lost]);
      for (const t of at) edit.push(t - started);
      lastSession.push(Math.max(...at) - started);
    }
    const afterMb = rssMb(server.child.pid!);
    return {
      engine,
      catchUp: {
        groups: groupsOfMember,
        notesPerGroup,
        member: { ...groupsCatchUp, goalServerMs: '< 150' },
        baselinePersonalNotes: personalCatchUp,
      },
      live: {
        sessions: members,
        memory: { idleMb, with1000SessionsMb: connectedMb, afterEditsMb: afterMb },
        baselinePersonalNoteToOtherSession: stats(personalNotice),
        editRoundTrip: stats(writeOnly),
        editToNoticeInEachSession: { ...stats(edit), goalP99Ms: 200 },
        editToNoticeInLastSession: stats(lastSession),
      },
    };
  } finally {
    for (const socket of live.sockets) socket.terminate();
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGroupNotes() {
  return { benchmark: 'group-notes', machine: machine(), results: await onEachEngine(runOn) };
}
