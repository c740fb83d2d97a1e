// The daily charge of 100,000 A accounts on SQLite (goal: under 60 s), and `ping`'s p99 while it
// runs against its idle p99 on the same server in the same run (goal: at most 2×).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { bareAccount, cpuMs, latencySample, machine, sleep, startBenchServer } from './support.js';

const accounts = 100_000;

export async function benchCosts() {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const server = await startBenchServer(dir, {}, { tasks: { pollSeconds: 1 } });
  const store = await openStore({ url: `sqlite:${dir}/ilot.db` });
  const ping = `${server.urls.ilot}/api/ops/ping`;
  try {
    await store.transaction((tx) => tx.insertInto('spaces').values({ id: 10, org_code: 'charged', created_at: 0 }).execute());
    for (let from = 0; from < accounts; from += 1000)
      await store.transaction((tx) =>
        tx
          .insertInto('accounts')
          .values(
            Array.from({ length: 1000 }, (_, i) => ({
              ...bareAccount(10, `10A${String(from + i).padStart(13, '0')}`),
              kind: 'A' as const,
              quota_documents: 1000,
              quota_volume_bytes: 1_000_000_000,
            })),
          )
          .execute(),
      );
    await sleep(1000);
    const idle = await latencySample(ping, { seconds: 5 });

    const task = await store.db
      .selectFrom('tasks')
      .select(['id', 'last_success_at'])
      .where('kind', '=', 'costs.charge')
      .executeTakeFirstOrThrow();
    const cpuBefore = cpuMs(server.child.pid!);
    const started = performance.now();
    await store.transaction((tx) => tx.updateTable('tasks').set({ run_at: Date.now() }).where('id', '=', task.id).execute());
    const done = async () =>
      (await store.db.selectFrom('tasks').select('last_success_at').where('id', '=', task.id).executeTakeFirstOrThrow()).last_success_at !==
      task.last_success_at;
    const during = await latencySample(ping, { seconds: 600, until: done });
    while (!(await done())) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    const serverCpuSeconds = (cpuMs(server.child.pid!) - cpuBefore) / 1000;
    const charged = await store.db
      .selectFrom('account_balances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('costs', '>', 0)
      .executeTakeFirstOrThrow();
    return {
      benchmark: 'costs',
      machine: machine(),
      engine: 'sqlite',
      accounts,
      chargedAccounts: Number(charged.n),
      dailyChargeSeconds: Math.round(seconds * 100) / 100,
      dailyChargeGoal: '< 60 s',
      serverCpuSeconds: Math.round(serverCpuSeconds * 100) / 100,
      pingIdle: idle,
      pingDuringCharge: during,
      p99Ratio: Math.round((during.p99Ms / idle.p99Ms) * 100) / 100,
      p99RatioGoal: '<= 2',
      loadAverage: (await import('node:os')).loadavg(),
    };
  } finally {
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
