import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';

// One directory holds every backup: `objects/` keeps file contents by their SHA-256 (shared by all
// backups, so a file is stored once), and each backup is a folder of its own, written as
// `.tmp-<name>` and renamed to `<name>` only once complete.

export const manifestFile = 'manifest.json';
export const verificationFile = 'verification.json';
export const filesListFile = 'files.json';
export const objectsFolder = 'objects';
export const tempPrefix = '.tmp-';

const namePattern = /^\d{8}T\d{6}Z-[0-9a-f]{4}$/;

/** The backup directory of the configuration; BACKUP_NOT_CONFIGURED when none is set. */
export function backupRoot(config: Config): string {
  if (!config.backup.dir) throw new IlotError('BACKUP_NOT_CONFIGURED');
  return config.backup.dir;
}

/** A new backup's name: its UTC time (sortable), and a few random digits so two in one second differ. */
export function newBackupName(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export const isBackupName = (name: string) => namePattern.test(name);

/** The stored content of a file whose SHA-256 (hex) is `sha256`. */
export const objectPath = (root: string, sha256: string) => join(root, objectsFolder, sha256.slice(0, 2), sha256);

/** The folder of a backup; BACKUP_NOT_FOUND for a name that cannot be one (no path escapes the directory). */
export function backupFolder(root: string, name: string): string {
  if (!isBackupName(name)) throw new IlotError('BACKUP_NOT_FOUND', `There is no backup named ${JSON.stringify(name)}.`);
  return join(root, name);
}
