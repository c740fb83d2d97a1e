import { createBackup } from '../../../backup/create.js';
import { rotateBackups } from '../../../backup/rotation.js';
import { verifyBackup } from '../../../backup/verify.js';
import type { TaskKind } from '../task-kind.js';

/** Renews the lease at most every few seconds: a backup calls back after every file. */
function leaseKeeper(renew: () => Promise<void>, everyMs: number): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    await renew();
  };
}

/**
 * The daily backup, at backup.dailyAt: database and files, verified (unless backup.verify is off),
 * then the rotation. A backup that fails verification fails the task, which is retried and, once out
 * of attempts, alerts the operators like any failed task. Without backup.dir it does nothing.
 */
export const dailyBackup: TaskKind = {
  kind: 'backup',
  daily: true,
  summary: 'Back up the database and the files, verify, rotate',
  dailyAt: (config) => config.backup.dailyAt,
  async run(context) {
    const { config, store, log } = context;
    if (!config.backup.dir) return;
    const onProgress = leaseKeeper(() => context.renewLease(), (config.tasks.leaseSeconds * 1000) / 4);
    const { name, manifest } = await createBackup(config, store, { label: 'daily', onProgress });
    log.info(
      { backup: name, databaseBytes: manifest.database.bytes, files: manifest.files.count, fileBytes: manifest.files.bytes },
      'backup written',
    );
    if (config.backup.verify) {
      const verification = await verifyBackup(config, name, { onProgress });
      const failed = verification.checks.find((c) => !c.ok);
      if (failed) throw new Error(`backup ${name} failed verification: ${failed.check}: ${failed.detail}`);
      log.info({ backup: name }, 'backup verified');
    }
    const { removed, objectsRemoved } = await rotateBackups(config);
    if (removed.length) log.info({ removed, objectsRemoved }, 'backups rotated');
  },
};
