import { beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../../client/client.js';
import type { InputOf } from '../../../shared/operations/index.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { deferTasks } from '../../../domain/task-queue.js';
import { taskKinds } from '../../tasks/kinds/index.js';

describeEngines('tasks.list', (engine) => {
  // The engine does not run: the tasks stay as the tests put them.
  const site = operatedSite(engine, { tasks: { enabled: false } });
  beforeAll(async () => {
    await site.server.store.transaction((tx) =>
      deferTasks(tx, [
        { kind: 'purge.avatar', spaceId: 10, target: '1030000000000001' },
        { kind: 'purge.avatar', spaceId: 11, target: '1130000000000001' },
        { kind: 'purge.file', spaceId: 10, target: '1060000000000001' },
        { kind: 'purge.space', spaceId: 12, target: '12' },
      ]),
    );
    await site.server.store.db
      .updateTable('tasks')
      .set({ state: 'failed', attempts: 3, last_error: 'the disk is full' })
      .where('kind', '=', 'purge.file')
      .execute();
  });

  it('lists the tasks with their state and last error, and the kinds the engine knows, to observers too', async () => {
    const listed = await site.oscar.call('tasks.list');
    expect(listed.tasks.map((t) => [t.kind, t.spaceId, t.state]).sort()).toEqual([
      ['purge.avatar', 10, 'pending'],
      ['purge.avatar', 11, 'pending'],
      ['purge.file', 10, 'failed'],
      ['purge.space', 12, 'pending'],
    ]);
    expect(listed.tasks.find((t) => t.kind === 'purge.file')).toMatchObject({
      target: '1060000000000001',
      daily: false,
      paused: false,
      attempts: 3,
      lastError: 'the disk is full',
      nextRunAt: null,
    });
    expect(listed.tasks.find((t) => t.kind === 'purge.space')!.nextRunAt).toEqual(expect.any(Number));
    expect(listed.kinds.map((k) => k.kind)).toEqual(taskKinds.map((k) => k.kind));
    expect([listed.pausedKinds, listed.next]).toEqual([[], null]);
  });

  it('filters by kind, state and space', async () => {
    const targets = async (filter: InputOf<'tasks.list'>) =>
      (await site.oscar.call('tasks.list', filter)).tasks.map((t) => t.target).sort();
    expect(await targets({ kind: 'purge.avatar' })).toEqual(['1030000000000001', '1130000000000001']);
    expect(await targets({ state: 'failed' })).toEqual(['1060000000000001']);
    expect(await targets({ spaceId: 10 })).toEqual(['1030000000000001', '1060000000000001']);
    expect(await targets({ kind: 'purge.avatar', spaceId: 12 })).toEqual([]);
  });

  it('pages with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await site.oscar.call('tasks.list', { limit: 3, ...(after ? { after } : {}) });
      seen.push(...page.tasks.map((t) => t.id));
      after = page.next ?? undefined;
    } while (after);
    expect(seen).toEqual((await site.oscar.call('tasks.list')).tasks.map((t) => t.id));
    expect(seen).toHaveLength(4);
  });

  it('is for operators only', async () => {
    expect((await refusal(new IlotClient(site.server.url).call('tasks.list'))).code).toBe('AUTH_REQUIRED');
  });
});
