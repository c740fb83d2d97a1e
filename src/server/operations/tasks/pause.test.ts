import { expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';
import { deferTask } from '../../../domain/task-queue.js';

describeEngines('tasks.pause', (engine) => {
  // The engine does not run: whether a paused kind is taken is the engine's test.
  const site = operatedSite(engine, { tasks: { enabled: false } });

  it('pauses a kind once, shows its tasks paused, and audits it', async () => {
    await site.server.store.transaction((tx) => deferTask(tx, { kind: 'purge.avatar', spaceId: 10, target: '1030000000000001' }));
    expect(await site.alice.call('tasks.pause', { kind: 'purge.avatar' })).toEqual({ pausedKinds: ['purge.avatar'] });
    expect(await site.alice.call('tasks.pause', { kind: 'purge.file' })).toEqual({ pausedKinds: ['purge.avatar', 'purge.file'] });
    expect(await site.alice.call('tasks.pause', { kind: 'purge.avatar' })).toEqual({ pausedKinds: ['purge.avatar', 'purge.file'] });
    const { tasks, pausedKinds } = await site.oscar.call('tasks.list', { kind: 'purge.avatar' });
    expect([tasks.map((t) => t.paused), pausedKinds]).toEqual([[true], ['purge.avatar', 'purge.file']]);
    const audit = await site.server.store.db
      .selectFrom('audit_entries')
      .select(['action', 'target', 'result'])
      .where('action', '=', 'tasks.pause')
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => `${e.target}:${e.result}`)).toEqual(['purge.avatar:ok', 'purge.file:ok', 'purge.avatar:ok']);
  });

  it('refuses a kind the engine does not know, and observers', async () => {
    const unknown = await refusal(site.alice.call('tasks.pause', { kind: 'no.such.kind' }));
    expect(unknown.code).toBe('TASK_KIND_UNKNOWN');
    expect((unknown.details as { known: string[] }).known).toContain('purge.avatar');
    expect((await refusal(site.oscar.call('tasks.pause', { kind: 'purge.space' }))).code).toBe('FORBIDDEN');
    expect((await site.oscar.call('tasks.list')).pausedKinds).not.toContain('purge.space');
  });
});
