import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { deferTask } from '../../../domain/task-queue.js';

describeEngines('tasks.retry', (engine) => {
  // The engine does not run: the tasks stay as the tests put them.
  const site = operatedSite(engine, { tasks: { enabled: false } });

  /** A purge of a file, in the state the engine left it after its runs. */
  async function purge(target: string, state: 'pending' | 'failed') {
    await site.server.store.transaction((tx) => deferTask(tx, { kind: 'purge.file', spaceId: 10, target }));
    const ran = { state, attempts: 3, items: 40, progress: '"cursor"', last_error: 'the disk is full', last_run_at: Date.now() - 60_000 };
    await site.server.store.db.updateTable('tasks').set(ran).where('target', '=', target).execute();
    return site.server.store.db.selectFrom('tasks').selectAll().where('target', '=', target).executeTakeFirstOrThrow();
  }

  it('runs a failed task again from where it stopped, with a fresh series of attempts, audited', async () => {
    const failed = await purge('1060000000000001', 'failed');
    const retried = await site.alice.call('tasks.retry', { id: failed.id });
    expect(retried).toMatchObject({ state: 'pending', attempts: 0, items: 40, lastError: 'the disk is full' });
    expect(retried.nextRunAt).toBeGreaterThan(failed.last_run_at!);
    expect(
      (await site.server.store.db.selectFrom('tasks').select('progress').where('id', '=', failed.id).executeTakeFirstOrThrow()).progress,
    ).toBe('"cursor"');
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'tasks.retry')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'alice', target: failed.id, result: 'ok' });
  });

  it('retries only a failed task, for admins', async () => {
    const pending = await purge('1060000000000002', 'pending');
    const notFailed = await refusal(site.alice.call('tasks.retry', { id: pending.id }));
    expect([notFailed.code, notFailed.details]).toEqual(['TASK_NOT_FAILED', { state: 'pending' }]);
    expect((await refusal(site.alice.call('tasks.retry', { id: 'z'.repeat(24) }))).code).toBe('TASK_NOT_FOUND');
    const failed = await purge('1060000000000003', 'failed');
    expect((await refusal(site.oscar.call('tasks.retry', { id: failed.id }))).code).toBe('FORBIDDEN');
    expect(
      (await site.server.store.db.selectFrom('tasks').select('state').where('id', '=', failed.id).executeTakeFirstOrThrow()).state,
    ).toBe('failed');
  });
});
