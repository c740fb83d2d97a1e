import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { dedupOf, deferTask, newTaskRow } from '../../../domain/task-queue.js';

describeEngines('tasks.cancel', (engine) => {
  // The engine does not run: the tasks stay as the tests put them.
  const site = operatedSite(engine, { tasks: { enabled: false } });

  const queue = (target: string) => site.server.store.transaction((tx) => deferTask(tx, { kind: 'purge.account', spaceId: 10, target }));
  const tasksOf = (target: string) =>
    site.server.store.db.selectFrom('tasks').selectAll().where('target', '=', target).orderBy('created_at').execute();

  it('cancels a pending task, audited; the same work can be queued again', async () => {
    await queue('1020000000000001');
    const [task] = await tasksOf('1020000000000001');
    const cancelled = await site.alice.call('tasks.cancel', { id: task!.id });
    expect(cancelled).toMatchObject({ state: 'cancelled', nextRunAt: null, finishedAt: expect.any(Number) });
    await queue('1020000000000001');
    expect((await tasksOf('1020000000000001')).map((t) => t.state)).toEqual(['cancelled', 'pending']);
    const entry = await site.server.store.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'tasks.cancel')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'alice', target: task!.id, result: 'ok' });
  });

  it('cancels only a pending task, never a daily one, for admins', async () => {
    await queue('1020000000000002');
    await site.server.store.db.updateTable('tasks').set({ state: 'done' }).where('target', '=', '1020000000000002').execute();
    const [done] = await tasksOf('1020000000000002');
    const notPending = await refusal(site.alice.call('tasks.cancel', { id: done!.id }));
    expect([notPending.code, notPending.details]).toEqual(['TASK_NOT_PENDING', { state: 'done' }]);

    const daily = newTaskRow(
      {
        space_id: 0,
        kind: 'stats.monthly',
        target: null,
        dedup: dedupOf('stats.monthly', 0, null),
        daily: 1,
        run_at: Date.now() + 3_600_000,
      },
      Date.now(),
    );
    await site.server.store.db.insertInto('tasks').values(daily).execute();
    expect((await refusal(site.alice.call('tasks.cancel', { id: daily.id }))).code).toBe('TASK_DAILY');

    await queue('1020000000000003');
    const [pending] = await tasksOf('1020000000000003');
    expect((await refusal(site.oscar.call('tasks.cancel', { id: pending!.id }))).code).toBe('FORBIDDEN');
    expect((await tasksOf('1020000000000003')).map((t) => t.state)).toEqual(['pending']);
  });
});
