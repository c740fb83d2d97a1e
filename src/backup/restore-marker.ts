import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';
import { isRunning } from './processes.js';

// A restore replaces the database and the files in two steps: a site started between them, or after
// a restore that died half-way, would serve (and write over) a mix of two states. The marker, kept in
// the file store's root while a restore runs, makes `ilot serve` refuse to start until a restore ends.

interface Marker {
  backup: string;
  pid: number;
  startedAt: number;
}

const markerPath = (config: Config) => join(resolve(config.files.dir), '.restore-in-progress');

export async function markRestoring(config: Config, backup: string): Promise<void> {
  const marker: Marker = { backup, pid: process.pid, startedAt: Date.now() };
  await writeFile(markerPath(config), JSON.stringify(marker));
}

export async function clearRestoring(config: Config): Promise<void> {
  await rm(markerPath(config), { force: true });
}

/** Refuses to start a site while a restore runs over it, or after one was interrupted (BACKUP_RESTORING). */
export async function refuseDuringRestore(config: Config): Promise<void> {
  const text = await readFile(markerPath(config), 'utf8').catch(() => null);
  if (text === null) return;
  let marker: Partial<Marker> = {};
  try {
    marker = JSON.parse(text) as Partial<Marker>;
  } catch {
    // An unreadable marker still means a restore started and did not end.
  }
  const backup = typeof marker.backup === 'string' ? marker.backup : 'unknown';
  const since = typeof marker.startedAt === 'number' ? ` since ${new Date(marker.startedAt).toISOString()}` : '';
  if (typeof marker.pid === 'number' && marker.pid !== process.pid && isRunning(marker.pid))
    throw new IlotError(
      'BACKUP_RESTORING',
      `Process ${marker.pid} is restoring backup ${backup}${since}: start the site once it has finished.`,
    );
  throw new IlotError(
    'BACKUP_RESTORING',
    `A restore of backup ${backup}${since} did not finish, so the database and the files may not match: ` +
      `run \`ilot backup restore ${backup}\` again (or restore the pre-restore safety copy it took), then start the site.`,
  );
}
