import { beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('tasks.resume', (engine) => {
  // The engine does not run: whether a resumed kind is taken again is the engine's test.
  const site = operatedSite(engine, { tasks: { enabled: false } });
  beforeAll(async () => {
    for (const kind of ['purge.avatar', 'purge.file']) await site.alice.call('tasks.pause', { kind });
  });

  it('resumes one paused kind and leaves the others paused, audited; resuming a running kind changes nothing', async () => {
    expect(await site.alice.call('tasks.resume', { kind: 'purge.avatar' })).toEqual({ pausedKinds: ['purge.file'] });
    expect(await site.alice.call('tasks.resume', { kind: 'purge.space' })).toEqual({ pausedKinds: ['purge.file'] });
    const audit = await site.server.store.db
      .selectFrom('audit_entries')
      .select(['target', 'result'])
      .where('action', '=', 'tasks.resume')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { target: 'purge.avatar', result: 'ok' },
      { target: 'purge.space', result: 'ok' },
    ]);
  });

  it('refuses a kind the engine does not know, and observers', async () => {
    expect((await refusal(site.alice.call('tasks.resume', { kind: 'no.such.kind' }))).code).toBe('TASK_KIND_UNKNOWN');
    expect((await refusal(site.oscar.call('tasks.resume', { kind: 'purge.file' }))).code).toBe('FORBIDDEN');
    expect((await site.oscar.call('tasks.list')).pausedKinds).toEqual(['purge.file']);
  });
});
