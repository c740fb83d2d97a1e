import { expect, it } from 'vitest';
import { join } from 'node:path';
import { ilot, serve, type Run } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { describeEngines, describePostgres, tempDir } from '../support/engines.js';
import { operatorPhrases } from '../support/operators.js';
import { openStore, type Store } from '../../src/store/database.js';
import { migrateUp } from '../../src/store/migrator.js';
import { deferTask } from '../../src/domain/task-queue.js';

const contacts = 60_000;
async function populatedStore(url: string): Promise<Store> {
  const store = await openStore({ url });
  await migrateUp(store);
  return store;
}

describeEngines('tasks survive faults', (engine) => {
  it('finishes a purge killed midway (SIGKILL) after a restart, with every row deleted once', { timeout: 120_000 }, async () => {
    const url = await engine.freshUrl();
    const store = await populatedStore(url);
    const files = join(tempDir(), 'files');
    try {
      await store.transaction(async (tx) => {
        await tx
          .insertInto('spaces')
          .values({ id: 10, org_code: 'doomed', created_at: 0, closed_at: 1, closing_message: 'closed' })
          .execute();
      });
      for (let start = 0; start < contacts; start += 2000) {
        await store.transaction((tx) =>
          tx
            .insertInto('contacts')
            .values(
              Array.from({ length: 2000 }, (_, i) => ({
                space_id: 10,
                avatar_id: `103${String(start + i).padStart(13, '0')}`,
                contact_id: '1030000000000000',
                card_key: 'k',
                note: null,
                origin: 'phrase' as const,
                created_at: 0,
              })),
            )
            .execute(),
        );
      }
      await store.transaction((tx) => deferTask(tx, { kind: 'purge.space', spaceId: 10, target: '10' }));
      const task = () => store.db.selectFrom('tasks').selectAll().where('kind', '=', 'purge.space').executeTakeFirstOrThrow();

      const first = await serve(url, files);
      await waitFor(async () => (await task()).items > 0, { what: 'the purge has deleted a first batch', everyMs: 5 });
      first.run.child.kill('SIGKILL');
      const killed: Run = await first.run;
      expect(killed.code).toBeNull();
      const midway = await task();
      expect(midway.state).toBe('running');
      expect(midway.items).toBeGreaterThan(0);
      expect(midway.items).toBeLessThan(contacts);

      const second = await serve(url, files);
      try {
        const done = await waitFor(async () => ((await task()).state === 'done' ? task() : undefined), {
          what: 'the purge done after the restart',
          timeoutMs: 60_000,
        });
        // Every row counted once: a batch is counted in the transaction that deletes it.
        expect(done!.items).toBe(contacts);
        expect(await store.db.selectFrom('contacts').select('avatar_id').where('space_id', '=', 10).execute()).toEqual([]);
        expect(
          (await store.db.selectFrom('spaces').select('closing_message').where('id', '=', 10).executeTakeFirstOrThrow()).closing_message,
        ).toBe('closed');
        const runs = await store.db
          .selectFrom('task_runs')
          .select(['result', 'node'])
          .where('task_id', '=', done!.id)
          .orderBy('started_at')
          .execute();
        expect(runs.map((r) => r.result)).toEqual(['running', 'ok']);

        const listed = await ilot(
          ['tasks', '--url', second.url, 'list', '--kind', 'purge.space'],
          {},
          tempDir(),
          `${operatorPhrases.alice}\n`,
        );
        expect(listed.code).toBe(0);
        expect(listed.stdout).toMatch(new RegExp(`${done!.id}  purge.space +space 10  done`));
        const bad = await ilot(['tasks', '--url', second.url, 'retry', 'nope'], {}, tempDir(), `${operatorPhrases.alice}\n`);
        expect([bad.code, bad.stderr.trim()]).toEqual([
          1,
          "error: command-argument value 'nope' is invalid for argument 'task'. expected a task id (24 letters and digits, as `ilot tasks list` shows).",
        ]);
        const notFailed = await ilot(['tasks', '--url', second.url, 'retry', done!.id], {}, tempDir(), `${operatorPhrases.alice}\n`);
        expect([notFailed.code, notFailed.stderr.trim()]).toEqual([1, 'TASK_NOT_FAILED: Only a failed task can be retried.']);
      } finally {
        second.run.child.kill('SIGTERM');
        await second.run;
      }
    } finally {
      await store.close();
    }
  });
});

// Several nodes share one queue only on PostgreSQL (SQLite is for one node).
describePostgres('tasks on two nodes', (engine) => {
  it('never runs a task on two nodes at once', { timeout: 120_000 }, async () => {
    const url = await engine.freshUrl();
    const store = await populatedStore(url);
    const files = join(tempDir(), 'files');
    const nodes = [await serve(url, files), await serve(url, files)];
    try {
      await store.transaction(async (tx) => {
        await tx.insertInto('spaces').values({ id: 11, org_code: 'busy', created_at: 0 }).execute();
        for (let i = 0; i < 600; i++)
          await deferTask(tx, { kind: 'purge.avatar', spaceId: 11, target: `113${String(i).padStart(13, '0')}` });
      });
      await waitFor(
        async () =>
          (await store.db.selectFrom('tasks').select('id').where('kind', '=', 'purge.avatar').where('state', '<>', 'done').execute())
            .length === 0,
        { what: 'every task done', timeoutMs: 60_000, everyMs: 100 },
      );
      const runs = await store.db
        .selectFrom('task_runs')
        .select(['task_id', 'node', 'result'])
        .where('kind', '=', 'purge.avatar')
        .execute();
      const perTask = new Map<string, number>();
      for (const run of runs) perTask.set(run.task_id, (perTask.get(run.task_id) ?? 0) + 1);
      expect(perTask.size).toBe(600);
      expect([...perTask.values()].every((n) => n === 1)).toBe(true);
      expect(runs.every((r) => r.result === 'ok')).toBe(true);
      expect(new Set(runs.map((r) => r.node)).size).toBe(2);
    } finally {
      for (const node of nodes) node.run.child.kill('SIGTERM');
      await Promise.all(nodes.map((n) => n.run));
      await store.close();
    }
  });
});
