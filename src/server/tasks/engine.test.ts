import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../client/client.js';
import { describeEngines } from '../../../test/support/engines.js';
import { waitFor } from '../../../test/support/wait.js';
import { operatorClient, withOperators } from '../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';
import { siteSpaceId } from '../../store/schema.js';
import { taskKinds } from './kinds/index.js';
import { deferTask } from '../../domain/task-queue.js';
import { nextDailyRun } from './schedule.js';
import type { TaskKind } from './task-kind.js';

/** Records each batch as a site setting row: a batch done twice would break the key. */
const batched: TaskKind = {
  kind: 'test.batches',
  daily: false,
  summary: 'ten batches; the first run stops after the third',
  async run(context) {
    await context.batches<number>(async (tx, cursor) => {
      const n = cursor ?? 0;
      if (n === 3 && context.task.attempts === 1) throw new Error('crashed between batches');
      await tx
        .insertInto('site_settings')
        .values({ space_id: siteSpaceId, key: `test:${context.task.target}:${n}`, value: '1' })
        .execute();
      return { items: 1, next: n < 9 ? n + 1 : null };
    });
  },
};

const broken: TaskKind = {
  kind: 'test.broken',
  daily: false,
  summary: 'always fails',
  async run() {
    throw new Error('the disk is on fire');
  },
};

/** Does nothing: once the engine has run it, it has passed over every task due before it. */
const marker: TaskKind = {
  kind: 'test.marker',
  daily: false,
  summary: 'does nothing',
  async run() {},
};

describeEngines('task engine', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  let oscar: IlotClient;
  const mails: string[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream.on('end', () => {
        mails.push(text);
        done();
      });
    },
  });

  beforeAll(async () => {
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    const port = (smtp.server.address() as { port: number }).port;
    server = await startTestServer(
      engine,
      {
        ...(await withOperators()),
        tasks: { pollSeconds: 1, maxAttempts: 2 },
        smtp: { host: '127.0.0.1', port, to: ['ops@example.org'], from: 'ilot@example.org' },
      },
      { taskKinds: [...taskKinds, batched, broken, marker] },
    );
    alice = await operatorClient(server.url, 'alice');
    oscar = await operatorClient(server.url, 'oscar');
  });
  afterAll(async () => {
    await server.stop();
    smtp.close();
  });

  const queue = (kind: string, target: string) =>
    server.store.transaction((tx) => deferTask(tx, { kind, target })).then(() => server.app.tasks.wake());
  const task = (kind: string, target: string | null = null) =>
    server.store.db
      .selectFrom('tasks')
      .selectAll()
      .where('kind', '=', kind)
      .where('target', target === null ? 'is' : '=', target as string)
      .executeTakeFirst();

  it('schedules every daily kind at the site time (the backup at its own) and lists them', async () => {
    const { tasks, kinds } = await oscar.call('tasks.list', { state: 'pending' });
    const daily = tasks.filter((t) => t.daily);
    expect(daily.map((t) => t.kind).sort()).toEqual(
      taskKinds
        .filter((k) => k.daily)
        .map((k) => k.kind)
        .sort(),
    );
    // A recurring kind (the fleet's reaper) comes back after its period instead.
    const every = (kind: string) => taskKinds.find((k) => k.kind === kind)?.everyMs;
    const next = (kind: string) =>
      every(kind) ? Date.now() + every(kind)! : nextDailyRun(Date.now(), kind === 'backup' ? '02:30' : '03:30', 'UTC');
    for (const t of daily) expect(Math.abs(t.nextRunAt! - next(t.kind))).toBeLessThan(60_000);
    expect(kinds.map((k) => k.kind)).toContain('purge.space');
  });

  it('resumes an interrupted task after its last committed batch: each batch is done once', async () => {
    await queue('test.batches', 'resume');
    const done = await waitFor(async () => {
      const row = await task('test.batches', 'resume');
      return row?.state === 'pending' && row.attempts === 1 ? row : undefined;
    });
    expect(done).toMatchObject({ attempts: 1, items: 3, last_error: 'crashed between batches' });
    // Retried at once instead of after its back-off.
    await alice.call('tasks.runNow', { id: done!.id });
    const finished = await waitFor(async () =>
      (await task('test.batches', 'resume'))?.state === 'done' ? await task('test.batches', 'resume') : undefined,
    );
    expect(finished).toMatchObject({ attempts: 2, items: 10, last_items: 7, last_error: null });
    const rows = await server.store.db.selectFrom('site_settings').select('key').where('key', 'like', 'test:resume:%').execute();
    expect(rows).toHaveLength(10);
    const runs = await server.store.db
      .selectFrom('task_runs')
      .select(['result', 'items'])
      .where('task_id', '=', finished!.id)
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual([
      { result: 'error', items: 3 },
      { result: 'ok', items: 7 },
    ]);
  });

  it('retries a failing task, then keeps it failed with its error, logs it and mails the operators; an admin retries it', async () => {
    await queue('test.broken', 'fire');
    const first = await waitFor(async () => {
      const row = await task('test.broken', 'fire');
      return row?.state === 'pending' && row.attempts === 1 ? row : undefined;
    });
    // The back-off: the next attempt waits about ten seconds after the first.
    expect(first!.run_at - first!.last_run_at!).toBeGreaterThan(5_000);
    await alice.call('tasks.runNow', { id: first!.id });
    const failed = await waitFor(async () =>
      (await task('test.broken', 'fire'))?.state === 'failed' ? await task('test.broken', 'fire') : undefined,
    );
    expect(failed).toMatchObject({ attempts: 2, last_error: 'the disk is on fire' });
    expect(failed!.last_stack).toContain('Error: the disk is on fire');
    expect(
      server.logs.lines.some(
        (l) => l.level === 50 && l.msg === 'task failed for good: an operator must look at it' && l.task === failed!.id,
      ),
    ).toBe(true);
    const mail = await waitFor(() => mails.find((m) => m.includes(failed!.id)));
    expect(mail).toContain('Subject: [Ilot] task failed: test.broken');
    expect(mail).toContain('the disk is on fire');

    const health = await fetch(`${server.url}/health/ready`).then(
      (r) => r.json() as Promise<{ checks: { tasks: { running: boolean; failedTasks: number } } }>,
    );
    expect(health.checks.tasks).toMatchObject({ ok: true, running: true, failedTasks: 1 });
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/ilot_task_runs_total\{kind="test.broken",result="error"\} 2/);

    const retried = await alice.call('tasks.retry', { id: failed!.id });
    expect(retried).toMatchObject({ state: 'pending', attempts: 0 });
    await waitFor(async () => ((await task('test.broken', 'fire'))?.last_run_at ?? 0) > failed!.last_run_at!);
    const audit = await server.store.db
      .selectFrom('audit_entries')
      .select(['action', 'result', 'target'])
      .where('action', 'like', 'tasks.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => `${a.action}:${a.result}`)).toEqual(expect.arrayContaining(['tasks.runNow:ok', 'tasks.retry:ok']));
  });

  it('leaves the tasks of a paused kind queued until it is resumed, and never runs a cancelled one', async () => {
    await alice.call('tasks.pause', { kind: 'purge.avatar' });
    await queue('purge.avatar', '1030000000000001');
    await queue('purge.avatar', '1030000000000002');
    // Due before the marker: the engine takes the oldest due task first, so it would have run them before.
    await server.store.db.updateTable('tasks').set({ run_at: 1 }).where('kind', '=', 'purge.avatar').execute();
    await queue('test.marker', 'after the paused ones');
    await waitFor(async () => (await task('test.marker', 'after the paused ones'))?.state === 'done', { what: 'the marker task done' });
    expect(await task('purge.avatar', '1030000000000001')).toMatchObject({ state: 'pending', attempts: 0 });
    const { tasks } = await oscar.call('tasks.list', { kind: 'purge.avatar', state: 'pending' });
    expect(tasks.every((t) => t.paused)).toBe(true);
    const cancelled = await alice.call('tasks.cancel', { id: tasks.find((t) => t.target === '1030000000000002')!.id });
    expect(cancelled.state).toBe('cancelled');
    await alice.call('tasks.resume', { kind: 'purge.avatar' });
    // Done, the purge forgets what it purged.
    await waitFor(async () => (await task('purge.avatar', '1030000000000001')) === undefined);
    expect((await task('purge.avatar', '1030000000000002'))?.state).toBe('cancelled');

    // The same work queued again after it finished is a new task (the done one, which forgot its target, stays for the history).
    await queue('purge.avatar', '1030000000000001');
    const rows = await server.store.db
      .selectFrom('tasks')
      .select('id')
      .where('kind', '=', 'purge.avatar')
      .where('state', '<>', 'cancelled')
      .execute();
    expect(rows).toHaveLength(2);
  });
});
