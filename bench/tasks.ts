// The task engine: 10,000 deferred tasks (baseline: the same deletions done directly, one
// transaction each, in this process); the daily expired-account scan over 100,000 accounts; and
// `ping` latency while a large purge runs (baseline: idle, same server, same run). SQLite and
// PostgreSQL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newScopedId } from '../src/shared/ids.js';
import { hashKey } from '../src/domain/secrets.js';
import { deferTask } from '../src/domain/task-queue.js';
import { setPausedKinds } from '../src/server/tasks/paused.js';
import { openStore, type Store } from '../src/store/database.js';
import { latencySample, machine, onEachEngine, sleep, startBenchServer } from './support.js';

const deferred = 10_000;
const accounts = 100_000;
const purgedContacts = 300_000;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('benchmark timed out');
    await sleep(20);
  }
}

const pendingOf = async (store: Store, kind: string) =>
  Number(
    (
      await store.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', kind)
        .where('state', '<>', 'done')
        .executeTakeFirstOrThrow()
    ).n,
  );

async function insertContacts(store: Store, spaceId: number, count: number, avatarOf: (i: number) => string): Promise<void> {
  for (let start = 0; start < count; start += 2000) {
    await store.transaction((tx) =>
      tx
        .insertInto('contacts')
        .values(
          Array.from({ length: Math.min(2000, count - start) }, (_, i) => ({
            space_id: spaceId,
            avatar_id: avatarOf(start + i),
            contact_id: `${spaceId}30000000000000`,
            card_key: 'k',
            note: null,
            origin: 'phrase' as const,
            created_at: 0,
          })),
        )
        .execute(),
    );
  }
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const url = databaseUrl ?? `sqlite:${dir}/ilot.db`;
  // The engine starts with the server; the daily kinds are far from due and stay out of the way.
  const server = await startBenchServer(dir, databaseUrl ? { ILOT_BENCH_DATABASE_URL: databaseUrl } : {}, { tasks: { pollSeconds: 1 } });
  const store = await openStore({ url });
  try {
    await store.transaction(async (tx) => {
      for (const [id, org] of [
        [10, 'deferred'],
        [11, 'expiring'],
        [12, 'purged'],
        [13, 'baseline'],
      ] as const)
        await tx.insertInto('spaces').values({ id, org_code: org, created_at: 0 }).execute();
    });

    // Baseline: each avatar's contact deleted directly, one transaction each.
    await insertContacts(store, 13, deferred, (i) => `133${String(i).padStart(13, '0')}`);
    let started = performance.now();
    for (let i = 0; i < deferred; i++) {
      await store.transaction((tx) =>
        tx
          .deleteFrom('contacts')
          .where('space_id', '=', 13)
          .where('avatar_id', '=', `133${String(i).padStart(13, '0')}`)
          .execute(),
      );
    }
    const directSeconds = (performance.now() - started) / 1000;

    // 10,000 purge.avatar tasks, each with one contact to delete, run by the server's engine.
    await insertContacts(store, 10, deferred, (i) => `103${String(i).padStart(13, '0')}`);
    started = performance.now();
    await store.transaction(async (tx) => {
      for (let i = 0; i < deferred; i++)
        await deferTask(tx, { kind: 'purge.avatar', spaceId: 10, target: `103${String(i).padStart(13, '0')}` });
    });
    await waitUntil(async () => (await pendingOf(store, 'purge.avatar')) === 0, 300_000);
    const deferredSeconds = (performance.now() - started) / 1000;

    // 100,000 accounts, one in four past its lifetime.
    for (let start = 0; start < accounts; start += 1000) {
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        id: newScopedId(11, 'account'),
        prefix: randomBytes(32).toString('base64url'),
        expired: (start + i) % 4 === 0,
      }));
      await store.transaction(async (tx) => {
        await tx
          .insertInto('accounts')
          .values(
            rows.map((r) => ({
              space_id: 11,
              id: r.id,
              prefix_id: r.prefix,
              auth_hash: hashKey(r.prefix),
              roles: '',
              wrapped_account_key: 'x',
              wrapped_space_key: null,
              created_at: 0,
              expires_at: r.expired ? 1 : Date.now() + 1e10,
              kind: 'O' as const,
              partition_id: null,
              quota_documents: 1,
              quota_volume_bytes: 1,
              gift_cents: 0,
            })),
          )
          .execute();
        await tx
          .insertInto('phrase_prefixes')
          .values(rows.map((r) => ({ space_id: 11, prefix_id: r.prefix, kind: 'passphrase' as const, owner: r.id })))
          .execute();
      });
    }
    // The purges the scan queues are held back (paused kind) and dropped: only the scan is measured.
    await store.transaction((tx) => setPausedKinds(tx, ['purge.account']));
    const expire = await store.db
      .selectFrom('tasks')
      .select(['id', 'last_success_at'])
      .where('kind', '=', 'accounts.expire')
      .executeTakeFirstOrThrow();
    await store.transaction((tx) => tx.updateTable('tasks').set({ run_at: Date.now() }).where('id', '=', expire.id).execute());
    await waitUntil(
      async () =>
        (await store.db.selectFrom('tasks').select('last_success_at').where('id', '=', expire.id).executeTakeFirstOrThrow())
          .last_success_at !== expire.last_success_at,
      600_000,
    );
    const scan = await store.db
      .selectFrom('tasks')
      .select(['last_duration_ms', 'last_items'])
      .where('id', '=', expire.id)
      .executeTakeFirstOrThrow();
    await store.transaction(async (tx) => {
      await tx.deleteFrom('tasks').where('kind', '=', 'purge.account').execute();
      await setPausedKinds(tx, []);
    });

    // ping latency while a closed space's 300,000 contacts are purged, against ping idle.
    const ping = `${server.urls.ilot}/api/ops/ping`;
    await latencySample(ping, { seconds: 1 });
    const idle = await latencySample(ping, { seconds: 5 });
    await insertContacts(store, 12, purgedContacts, (i) => `123${String(i).padStart(13, '0')}`);
    await store.transaction((tx) => deferTask(tx, { kind: 'purge.space', spaceId: 12, target: '12' }));
    const purgeState = async () =>
      (await store.db.selectFrom('tasks').select('state').where('kind', '=', 'purge.space').executeTakeFirstOrThrow()).state;
    await waitUntil(async () => (await purgeState()) !== 'pending', 30_000);
    const during = await latencySample(ping, { seconds: 5, until: async () => (await purgeState()) === 'done' });
    const purge = await store.db.selectFrom('tasks').select(['state', 'items']).where('kind', '=', 'purge.space').executeTakeFirstOrThrow();

    return {
      engine,
      deferredTasks: {
        tasks: deferred,
        seconds: round(deferredSeconds),
        perSecond: Math.round(deferred / deferredSeconds),
        goalSeconds: engine === 'sqlite' ? 30 : null,
        baselineSameDeletionsDirectSeconds: round(directSeconds),
      },
      expiredAccountScan: { accounts, expired: scan.last_items, seconds: round((scan.last_duration_ms ?? 0) / 1000), goalSeconds: 60 },
      pingDuringPurge: {
        measure: 'client-observed latency, 4 callers one request at a time',
        idle,
        duringPurge: { ...during, purgeStateAfter: purge.state, contactsPurgedAfter: purge.items },
        p99Ratio: round(during.p99Ms / idle.p99Ms),
        goalRatio: '<= 2',
      },
    };
  } finally {
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

export async function benchTasks() {
  return { benchmark: 'tasks', machine: machine(), results: await onEachEngine(runOn) };
}
