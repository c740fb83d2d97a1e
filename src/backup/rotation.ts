import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { readFilesList } from './files.js';
import { backupRoot, filesListFile, objectsFolder, tempPrefix } from './layout.js';
import { withBackupLock } from './lock.js';
import { isGood, listBackups, type BackupInfo } from './status.js';

export interface Keep {
  daily: number;
  weekly: number;
  monthly: number;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** The Monday of the week (UTC) of a time. */
const weekOf = (ms: number) => dayOf(ms - ((new Date(ms).getUTCDay() + 6) % 7) * 86_400_000);
const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/**
 * The backups to keep, newest first: the newest good one of each of the last `daily` days that have
 * one, then of `weekly` weeks and `monthly` months before those. Backups that are not good (failed
 * verification, unreadable) are dropped, except the newest backup of all, whatever it is.
 */
export function backupsToKeep(backups: BackupInfo[], keep: Keep): Set<string> {
  const kept = new Set<string>(backups.slice(0, 1).map((b) => b.name));
  const good = backups.filter(isGood);
  const periods: [(ms: number) => string, number][] = [
    [dayOf, keep.daily],
    [weekOf, keep.weekly],
    [monthOf, keep.monthly],
  ];
  for (const [period, count] of periods) {
    const seen = new Set<string>();
    for (const backup of good) {
      if (seen.size >= count) break;
      const key = period(backup.manifest!.createdAt);
      if (seen.has(key)) continue;
      seen.add(key);
      kept.add(backup.name);
    }
  }
  return kept;
}

/** Removes the backups the rotation does not keep, then the stored files no kept backup names. */
export async function rotateBackups(config: Config): Promise<{ removed: string[]; objectsRemoved: number }> {
  const root = resolve(backupRoot(config));
  const { keepDaily: daily, keepWeekly: weekly, keepMonthly: monthly } = config.backup;
  return withBackupLock(root, async () => {
    const backups = await listBackups(root);
    const kept = backupsToKeep(backups, { daily, weekly, monthly });
    const removed = backups.filter((b) => !kept.has(b.name)).map((b) => b.name);
    for (const name of removed) await rm(join(root, name), { recursive: true, force: true });
    // Folders of backups that stopped midway (a crash): nothing refers to them.
    for (const entry of await readdir(root))
      if (entry.startsWith(tempPrefix)) await rm(join(root, entry), { recursive: true, force: true });
    const referenced = new Set<string>();
    for (const backup of backups.filter((b) => kept.has(b.name) && b.manifest))
      for (const entry of await readFilesList(join(root, backup.name, filesListFile))) referenced.add(entry.sha256);
    let objectsRemoved = 0;
    const objects = join(root, objectsFolder);
    for (const entry of await readdir(objects, { recursive: true, withFileTypes: true }).catch(() => [])) {
      if (!entry.isFile() || referenced.has(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      // A temporary object younger than a day may belong to a backup running elsewhere on a shared directory.
      if (entry.name.startsWith(tempPrefix) && Date.now() - (await stat(path)).mtimeMs < 86_400_000) continue;
      await rm(path, { force: true });
      objectsRemoved++;
    }
    return { removed, objectsRemoved };
  });
}
