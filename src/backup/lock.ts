import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IlotError } from '../shared/errors.js';
import { isRunning } from './processes.js';

const lockFile = '.lock';

/**
 * Runs `body` as the only backup, rotation or restore of this directory (a lock file naming its
 * process; one left by a process that died is taken over). BACKUP_BUSY otherwise.
 */
export async function withBackupLock<T>(root: string, body: () => Promise<T>): Promise<T> {
  const path = join(root, lockFile);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw busyOr(error);
      const holder = Number(await readFile(path, 'utf8').catch(() => '0'));
      if (holder > 0 && isRunning(holder))
        throw new IlotError('BACKUP_BUSY', `Backup process ${holder} is working in ${root}; try again once it has finished.`);
      await rm(path, { force: true });
    }
  }
  try {
    return await body();
  } finally {
    await rm(path, { force: true });
  }
}

const busyOr = (error: unknown) => ((error as NodeJS.ErrnoException).code === 'EEXIST' ? new IlotError('BACKUP_BUSY') : error);
