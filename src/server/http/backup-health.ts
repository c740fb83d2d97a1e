import { resolve } from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import { listBackups, isGood, type BackupInfo } from '../../backup/status.js';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/database.js';
import type { ReadinessCheck } from './health.js';

const hourMs = 3_600_000;

interface BackupState {
  newest: BackupInfo | undefined;
  lastGood: BackupInfo | undefined;
}

async function backupState(config: Config): Promise<BackupState> {
  const backups = await listBackups(resolve(config.backup.dir));
  return { newest: backups[0], lastGood: backups.find(isGood) };
}

/**
 * Readiness of the backups. Not configured (no backup.dir): ready, shown as such. Configured: not
 * ready when the last good backup is older than backup.maxAgeHours; with no good backup yet, not
 * ready once the backup task has failed or has existed longer than that without succeeding.
 */
export function backupReadiness(config: Config, store: Store): ReadinessCheck {
  return {
    name: 'backups',
    async run() {
      if (!config.backup.dir) return { configured: false };
      const { newest, lastGood } = await backupState(config);
      const maxAgeMs = config.backup.maxAgeHours * hourMs;
      const newestVerified = newest?.verification ? newest.verification.ok : null;
      if (lastGood) {
        const at = lastGood.manifest!.createdAt;
        if (Date.now() - at > maxAgeMs)
          throw new Error(
            `the last good backup (${lastGood.name}) is ${Math.floor((Date.now() - at) / hourMs)} hours old, more than backup.maxAgeHours (${config.backup.maxAgeHours})`,
          );
        return { configured: true, lastGood: lastGood.name, lastGoodAt: at, newestVerified };
      }
      const task = await store.db
        .selectFrom('tasks')
        .select(['last_error', 'created_at'])
        .where('kind', '=', 'backup')
        .where('daily', '=', 1)
        .executeTakeFirst();
      if (task?.last_error) throw new Error(`no good backup yet, and the backup task failed: ${task.last_error}`);
      if (task && Date.now() - task.created_at > maxAgeMs) throw new Error(`no good backup in ${config.backup.maxAgeHours} hours`);
      return { configured: true, lastGood: null, lastGoodAt: null, newestVerified };
    },
  };
}

/** Backup gauges on /metrics, read from the backup directory when scraped (the task's runs are in ilot_task_runs_total{kind="backup"}). */
export function installBackupMetrics(registry: Registry, config: Config): void {
  if (!config.backup.dir) return;
  const gauge = (name: string, help: string, value: (s: BackupState) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(value(await backupState(config)));
      },
    });
  gauge(
    'ilot_backup_last_good_timestamp_seconds',
    'Time of the last good backup (0: none)',
    (s) => (s.lastGood?.manifest?.createdAt ?? 0) / 1000,
  );
  gauge('ilot_backup_last_good_bytes', 'Size of the last good backup: database and files', (s) => {
    const m = s.lastGood?.manifest;
    return m ? m.database.bytes + m.files.bytes : 0;
  });
  gauge('ilot_backup_newest_verified', 'Verification of the newest backup: 1 passed, 0 failed, -1 not verified (or no backup)', (s) =>
    s.newest?.verification ? Number(s.newest.verification.ok) : -1,
  );
}
