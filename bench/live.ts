// The live channel with 1,000 connected sessions (500 accounts, two sessions each): the time from
// a note write to the notice in the account's other session, and the server's resident memory.
// Baseline in the same run: the server's memory before the sessions connect, and the write alone.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScopedId } from '../src/shared/ids.js';
import { hashKey } from '../src/domain/secrets.js';
import { sealState } from '../src/server/auth/session-state.js';
import { openStore } from '../src/store/database.js';
import { bareAccount, inWaves, liveSockets, liveWave, machine, onEachEngine, rssMb, sleep, startBenchServer, stats } from './support.js';

const accounts = 500;
const writes = 300;

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  // Every session connects from one address: the per-address cap is raised for the run.
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {}, {
    live: { maxSocketsPerAddress: 5000 },
  });
  const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  const live = liveSockets(server.urls.ilot);
  try {
    const url = server.urls.ilot;
    await sleep(500);
    const idleMb = rssMb(server.child.pid!);
    // Accounts, avatars and two sessions each, written directly: only the live channel is measured.
    const members: { avatar: string; tokens: [string, string] }[] = [];
    await store.transaction(async (tx) => {
      await tx.insertInto('spaces').values({ id: 10, org_code: 'live', created_at: 0 }).execute();
      for (let i = 0; i < accounts; i++) {
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
        const tokens = [0, 1].map(() => {
          const id = randomBytes(16).toString('base64url');
          const secret = randomBytes(32).toString('base64url');
          return { id, secret, token: `10.${id}.${secret}` };
        });
        for (const t of tokens)
          await tx
            .insertInto('sessions')
            .values({
              space_id: 10,
              id: t.id,
              secret_hash: hashKey(t.secret),
              subject: account,
              role: '',
              created_at: 0,
              expires_at: Date.now() + 3_600_000,
              address: null,
              user_agent: null,
              revoked_at: null,
              sealed_state: sealState(t.secret, 10, t.id, { avatars: [avatar], usageKey: randomBytes(32).toString('base64url') }),
            })
            .execute();
        members.push({ avatar, tokens: [tokens[0]!.token, tokens[1]!.token] });
      }
    });
    const listeners = new Map<string, (at: number) => void>();
    await inWaves(
      members.flatMap((m) => m.tokens.map((token) => ({ m, token }))),
      liveWave,
      ({ m, token }) =>
        live.connect(token, (at) => {
          if (token === m.tokens[1]) listeners.get(m.avatar)?.(at);
        }),
    );
    await sleep(1000);
    const connectedMb = rssMb(server.child.pid!);

    const writeOnly: number[] = [];
    const notice: number[] = [];
    for (let i = 0; i < writes; i++) {
      const member = members[i % accounts]!;
      const heard = new Promise<number>((resolve) => listeners.set(member.avatar, resolve));
      const started = performance.now();
      const response = await fetch(`${url}/api/ops/note.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${member.tokens[0]}` },
        body: JSON.stringify({ avatarId: member.avatar, parentId: null, payload: 'AAAA' }),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`note.create: ${response.status}`);
      writeOnly.push(performance.now() - started);
      notice.push((await Promise.race([heard, live.lost])) - started);
      listeners.delete(member.avatar);
    }
    return {
      engine,
      sessions: accounts * 2,
      memory: { idleMb, with1000SessionsMb: connectedMb, goalMb: '< 300' },
      baselineWriteRoundTrip: stats(writeOnly),
      writeToNoticeInOtherSession: {
        ...stats(notice),
        goalP99Ms: 50,
        note: 'from sending the write to receiving the notice: an upper bound of commit to notice',
      },
    };
  } finally {
    for (const socket of live.sockets) socket.terminate();
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLive() {
  return { benchmark: 'live', machine: machine(), results: await onEachEngine(runOn) };
}
