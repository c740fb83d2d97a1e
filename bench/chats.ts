// Chat items appended by 32 clients, each in its own chat, on SQLite and PostgreSQL, items per
// second, and the CPU each item costs the server (and PostgreSQL, and the load generator). Baseline
// in the same run: the note write path (note.create and note.edit by 32 clients, as `sync`
// measures it). Goal: 3,000 items/s on SQLite. Also the client's time to seal an item.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sealChatItem } from '../src/client/chat-sealing.js';
import { newAesKeyBytes } from '../src/shared/crypto/index.js';
import { newScopedId } from '../src/shared/ids.js';
import { openStore } from '../src/store/database.js';
import { cpuPerRequest, machine, onEachEngine, startBenchServer } from './support.js';
import { benchMembers, noteWrites } from './sync.js';

const clients = 32;
// An item of 200 characters of text, as its ciphertext weighs.
const item = { length: 200, payload: randomBytes(260).toString('base64url') };

/** The client's wall and CPU time (its crypto threads' too) to seal an item of 200 characters as `writeInChat` does, in ms. */
async function sealing(): Promise<{ wallMs: number; cpuMs: number }> {
  const key = newAesKeyBytes();
  const text = 'é'.repeat(200);
  const count = 500;
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  for (let i = 0; i < count; i++) await sealChatItem(key, text);
  const { user, system } = process.cpuUsage(cpu);
  const per = (ms: number) => Math.round((ms / count) * 1000) / 1000;
  return { wallMs: per(performance.now() - started), cpuMs: per((user + system) / 1000) };
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {});
  const store = await openStore({ url: databaseUrl ?? `sqlite:${dir}/ilot.db` });
  try {
    const url = server.urls.ilot;
    const members = await benchMembers(store, 2 * clients);
    const writers = members.slice(0, clients);
    // Each writer chats with a member of its own: the chats and their sides, written directly.
    const chats = writers.map(() => newScopedId(10, 'chat'));
    await store.transaction(async (tx) => {
      for (const [i, writer] of writers.entries()) {
        const other = members[clients + i]!;
        await tx.insertInto('chats').values({ space_id: 10, id: chats[i]!, urgent: 0, total: 0, next_seq: 1, created_at: 0 }).execute();
        const side = (avatar: string, otherId: string) => ({
          space_id: 10,
          avatar_id: avatar,
          other_id: otherId,
          chat_id: chats[i]!,
          wrapped_key: 'x',
          hung_up: 0,
          cleared_to: 0,
          counted: 0,
          version: 0,
        });
        await tx
          .insertInto('chat_sides')
          .values([side(writer.avatar, other.avatar), side(other.avatar, writer.avatar)])
          .execute();
      }
    });
    const baseline = await noteWrites(
      url,
      members.slice(clients).map((m) => m.token),
      members.slice(clients).map((m) => m.avatar),
      server.child.pid!,
    );
    let next = 0;
    const cpu = cpuPerRequest(server.child.pid!);
    const result = await autocannon({
      url,
      connections: clients,
      duration: 5,
      requests: [
        {
          method: 'POST',
          path: '/api/ops/chat.append',
          setupRequest: (request) => {
            const i = next++ % clients;
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${writers[i]!.token}` },
              body: JSON.stringify({ chatId: chats[i], avatarId: writers[i]!.avatar, item }),
            };
          },
        },
      ],
    });
    if (result.non2xx || result.errors) throw new Error(`chat items: ${result.non2xx} refusals, ${result.errors} errors`);
    return {
      engine,
      baselineNoteWrites: baseline,
      chatItems: {
        perSecond: Math.round(result.requests.average),
        clientLatency: { p50Ms: result.latency.p50, p99Ms: result.latency.p99, samples: result.requests.total },
        cpuMsPerItem: cpu(result.requests.total),
        goalPerSecond: engine === 'sqlite' ? 3000 : null,
      },
    };
  } finally {
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchChats() {
  return {
    benchmark: 'chats',
    machine: machine(),
    measure: `items appended by ${clients} clients, each in its own chat, client-observed (autocannon), 5 s; baseline: note writes by ${clients} clients`,
    clientSealPerItem: await sealing(),
    results: await onEachEngine(runOn),
  };
}
