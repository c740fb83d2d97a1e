import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isBackupName, verificationFile } from './layout.js';
import { readManifest, type Manifest } from './manifest.js';

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

/** The result of a verification, kept beside the backup it checked. */
export interface Verification {
  at: number;
  ok: boolean;
  checks: CheckResult[];
}

export interface BackupInfo {
  name: string;
  manifest: Manifest | null;
  /** Why the manifest cannot be read, when it cannot. */
  problem: string | null;
  verification: Verification | null;
}

/** Whether a backup can be counted on: complete, and verified (or not yet, when verification is off). */
export const isGood = (b: BackupInfo) => b.manifest !== null && (b.verification?.ok ?? true);

/** A verification.json that is not one Ilot writes (altered, cut): the backup cannot be counted on. */
const unreadableVerification: Verification = {
  at: 0,
  ok: false,
  checks: [{ check: 'record', ok: false, detail: 'verification.json is altered or unreadable' }],
};

const isCheck = (c: unknown): c is CheckResult => {
  const check = c as Partial<CheckResult> | null;
  return typeof check?.check === 'string' && typeof check.ok === 'boolean' && typeof check.detail === 'string';
};

/** The verification kept beside a backup: null when there is none, a failed one when it is not what Ilot wrote. */
async function readVerification(folder: string): Promise<Verification | null> {
  let text: string;
  try {
    text = await readFile(join(folder, verificationFile), 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<Verification> | null;
    const valid = typeof v?.at === 'number' && typeof v.ok === 'boolean' && Array.isArray(v.checks) && v.checks.every(isCheck);
    return valid ? (v as Verification) : unreadableVerification;
  } catch {
    return unreadableVerification;
  }
}

/** The complete backups of a directory, newest first (folders still being written are not listed). */
export async function listBackups(root: string): Promise<BackupInfo[]> {
  const names = (await readdir(root).catch(() => [] as string[])).filter(isBackupName);
  const backups = await Promise.all(
    names.map(async (name) => {
      const folder = join(root, name);
      try {
        return { name, manifest: await readManifest(folder), problem: null, verification: await readVerification(folder) };
      } catch (error) {
        return { name, manifest: null, problem: (error as Error).message, verification: null };
      }
    }),
  );
  // Newest first: by the second in the name, then, for two of one second, by the manifest's time.
  const second = (b: BackupInfo) => b.name.slice(0, b.name.indexOf('-'));
  return backups.sort(
    (a, b) =>
      second(b).localeCompare(second(a)) || (b.manifest?.createdAt ?? 0) - (a.manifest?.createdAt ?? 0) || b.name.localeCompare(a.name),
  );
}

/** The newest backup that can be counted on, if any. */
export async function lastGoodBackup(root: string): Promise<BackupInfo | undefined> {
  return (await listBackups(root)).find(isGood);
}
