import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { deferTask } from '../../../domain/task-queue.js';

describeEngines('tasks.runNow', (engine) => {
  // The engine does not run: the tasks stay as the tests put them.
  const site = operatedSite(engine, { tasks: { enabled: false } });

  /** A task queued for later; `state` then sets it as the engine would have left it. */
  async function queued(target: string, state?: 'done' | 'failed') {
    const later = Date.now() + 3_600_000;
    await site.server.store.transaction((tx) => deferTask(tx, { kind: 'purge.avatar', spaceId: 10, target, runAt: later }));
    if (state) await site.server.store.db.updateTable('tasks').set({ state }).where('target', '=', target).execute();
    return site.server.store.db.selectFrom('tasks').selectAll().where('target', '=', target).executeTakeFirstOrThrow();
  }

  it('makes a pending task due now, audited', async () => {
    const task = await queued('1030000000000001');
    const before = Date.now();
    const ran = await site.alice.call('tasks.runNow', { id: task.id });
    expect(ran).toMatchObject({ id: task.id, state: 'pending', attempts: 0 });
    expect(ran.nextRunAt).toBeGreaterThanOrEqual(before);
    expect(ran.nextRunAt).toBeLessThan(task.run_at);
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'tasks.runNow')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ space_id: 0, actor: 'alice', target: task.id, result: 'ok' });
  });

  it('runs only a pending task, one that exists, for admins', async () => {
    const done = await queued('1030000000000002', 'done');
    const notPending = await refusal(site.alice.call('tasks.runNow', { id: done.id }));
    expect([notPending.code, notPending.details]).toEqual(['TASK_NOT_PENDING', { state: 'done' }]);
    expect((await refusal(site.alice.call('tasks.runNow', { id: 'z'.repeat(24) }))).code).toBe('TASK_NOT_FOUND');
    expect((await refusal(site.alice.call('tasks.runNow', { id: 'not an id' }))).code).toBe('VALIDATION_FAILED');
    const pending = await queued('1030000000000003');
    expect((await refusal(site.oscar.call('tasks.runNow', { id: pending.id }))).code).toBe('FORBIDDEN');
    expect(
      (await site.server.store.db.selectFrom('tasks').select('run_at').where('id', '=', pending.id).executeTakeFirstOrThrow()).run_at,
    ).toBe(pending.run_at);
  });
});
