import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ilotVersion } from '../config/version.js';
import { IlotError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { syncPath } from '../store/files/local-file-store.js';
import { syncFileSystem } from '../store/files/sync-file-system.js';
import { migrationStatus } from '../store/migrator.js';
import { databaseCopy } from './engines.js';
import { copyFiles, readFilesList, writeFilesList, type FileEntry } from './files.js';
import { hashFile } from './hash.js';
import { backupRoot, filesListFile, newBackupName, tempPrefix } from './layout.js';
import { withBackupLock } from './lock.js';
import { writeManifest, type Manifest } from './manifest.js';
import { listBackups } from './status.js';

export interface CreateOptions {
  label: Manifest['label'];
  /** Called between files: a long backup renews its task's lease there. */
  onProgress?: () => Promise<void>;
}

const diskFull = new Set(['ENOSPC', 'EFBIG', 'EDQUOT']);

/** The previous backup's file list, to skip the files it already stored (none when it cannot be read). */
async function previousFiles(root: string): Promise<FileEntry[]> {
  const previous = (await listBackups(root)).find((b) => b.manifest);
  return previous ? readFilesList(join(root, previous.name, filesListFile)).catch(() => []) : [];
}

/**
 * Backs up the database and the file store into a new folder of the backup directory, written under
 * a temporary name and renamed only once complete: a failure (a full disk…) leaves nothing under a
 * backup's name. The database is copied first; files written after it are in the next backup.
 */
export async function createBackup(config: Config, store: Store, options: CreateOptions): Promise<{ name: string; manifest: Manifest }> {
  const root = resolve(backupRoot(config));
  await mkdir(root, { recursive: true });
  return withBackupLock(root, () => createLocked(config, store, root, options));
}

/** Same as createBackup, for a caller that already holds the directory's lock (restore's safety copy). */
export async function createLocked(
  config: Config,
  store: Store,
  root: string,
  options: CreateOptions,
): Promise<{ name: string; manifest: Manifest }> {
  const now = Date.now();
  const name = newBackupName(now);
  const temp = join(root, `${tempPrefix}${name}`);
  const copy = databaseCopy(store.engine);
  try {
    await mkdir(temp);
    const status = await migrationStatus(store);
    const databasePath = join(temp, copy.fileName);
    const { rows, schema } = await copy.snapshot(config, store, databasePath);
    const database = { file: copy.fileName, ...(await hashFile(databasePath)) };
    const entries = await copyFiles(
      resolve(config.files.dir),
      root,
      await previousFiles(root),
      options.onProgress ?? (async () => undefined),
    );
    await writeFilesList(join(temp, filesListFile), entries);
    const filesList = { file: filesListFile, ...(await hashFile(join(temp, filesListFile))) };
    const manifest: Manifest = {
      format: 1,
      ilotVersion,
      createdAt: now,
      label: options.label,
      engine: store.engine,
      migrations: { applied: status.applied.length, last: status.applied.at(-1)?.name ?? null },
      schema,
      database,
      filesList,
      files: { count: entries.length, bytes: entries.reduce((sum, e) => sum + e.bytes, 0) },
      rows,
    };
    await writeManifest(temp, manifest);
    // The database, the list, the manifest and the objects' names on disk before the backup takes its name.
    await syncFileSystem(root);
    await rename(temp, join(root, name));
    await syncPath(root);
    return { name, manifest };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (diskFull.has((error as NodeJS.ErrnoException).code ?? ''))
      throw new IlotError(
        'BACKUP_DISK_FULL',
        `The disk of ${root} filled up during the backup; nothing was kept. Free some space, then try again.`,
      );
    throw error;
  }
}
