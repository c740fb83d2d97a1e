import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../../client/client.js';
import { describeEngines, tempDir } from '../../../../test/support/engines.js';
import { waitFor } from '../../../../test/support/wait.js';
import { operatorClient, withOperators } from '../../../../test/support/operators.js';
import { spaceWithTreasurer } from '../../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { nextDailyRun } from '../schedule.js';

describeEngines('the daily backup', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  const backupDir = join(tempDir(), 'backups');
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      tasks: { pollSeconds: 1, dailyAt: '03:30' },
      backup: { dir: backupDir, dailyAt: '01:15', keepDaily: 1, keepWeekly: 0, keepMonthly: 0, maxAgeHours: 24 },
    });
    alice = await operatorClient(server.url, 'alice');
  });
  afterAll(() => server.stop());

  const ready = async () => {
    const response = await fetch(`${server.url}/health/ready`);
    const body = (await response.json()) as { checks?: Record<string, any>; details?: { failed: string[]; checks: Record<string, any> } };
    return { status: response.status, backups: (body.checks ?? body.details!.checks).backups, failed: body.details?.failed ?? [] };
  };
  const metric = async (name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
  const backups = () => readdirSync(backupDir).filter((n) => /^\d{8}T/.test(n));

  async function runBackupTask() {
    const before = await server.store.db.selectFrom('tasks').selectAll().where('kind', '=', 'backup').executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: before.id });
    return waitFor(
      async () => {
        const row = await server.store.db.selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        return row.last_success_at !== before.last_success_at && row.state === 'pending' ? row : undefined;
      },
      { what: 'the backup task done', timeoutMs: 120_000 },
    );
  }

  it('runs at its own time, not at the other daily tasks’ time', async () => {
    const [backup, other] = await Promise.all(
      ['backup', 'site.housekeeping'].map((kind) =>
        server.store.db.selectFrom('tasks').select('run_at').where('kind', '=', kind).executeTakeFirstOrThrow(),
      ),
    );
    const now = Date.now();
    expect([backup!.run_at, other!.run_at]).toEqual([nextDailyRun(now, '01:15', 'UTC'), nextDailyRun(now, '03:30', 'UTC')]);
  });

  it(
    'keeps the site ready before its first backup, writes a verified backup, shows it in readiness and metrics, and rotates',
    { timeout: 240_000 },
    async () => {
      expect(await ready()).toMatchObject({ status: 200, backups: { ok: true, configured: true, lastGood: null } });
      await spaceWithTreasurer(server.url);
      const row = await runBackupTask();
      expect(row?.last_error).toBeNull();
      const [first] = backups();
      expect(JSON.parse(readFileSync(join(backupDir, first!, 'verification.json'), 'utf8'))).toMatchObject({ ok: true });
      expect(await ready()).toMatchObject({ status: 200, backups: { ok: true, lastGood: first, newestVerified: true } });
      expect(await metric('ilot_backup_newest_verified')).toBe(1);
      expect(await metric('ilot_backup_last_good_timestamp_seconds')).toBeGreaterThan(0);

      // A second backup the same day: one a day is kept.
      await runBackupTask();
      expect(backups()).toHaveLength(1);
      expect(backups()[0]).not.toBe(first);
      expect(await metric('ilot_task_runs_total\\{kind="backup",result="ok"\\}')).toBe(2);
    },
  );

  it('is not ready once the last good backup is older than backup.maxAgeHours', async () => {
    const [last] = backups();
    const manifest = join(backupDir, last!, 'manifest.json');
    const content = JSON.parse(readFileSync(manifest, 'utf8')) as { createdAt: number };
    writeFileSync(manifest, JSON.stringify({ ...content, createdAt: content.createdAt - 3 * 24 * 3_600_000 }));
    const answer = await ready();
    expect([answer.status, answer.failed]).toEqual([503, ['backups']]);
    expect(answer.backups.error).toMatch(/older than|more than backup.maxAgeHours \(24\)/);
  });
});
