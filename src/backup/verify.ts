import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { auditedSpaces, verifyAuditChain } from '../domain/audit-entries.js';
import { openStore } from '../store/database.js';
import { migrationStatus } from '../store/migrator.js';
import { databaseCopy } from './engines.js';
import { damagedObjects, readFilesList } from './files.js';
import { hashFile } from './hash.js';
import { backupFolder, backupRoot, verificationFile } from './layout.js';
import { readManifest, type Manifest, type PartRecord } from './manifest.js';
import { countRows } from './row-counts.js';
import type { CheckResult, Verification } from './status.js';

type Step = (context: { folder: string; manifest: Manifest }) => Promise<string>;

async function checkPart(folder: string, part: PartRecord): Promise<void> {
  const found = await hashFile(join(folder, part.file)).catch(() => null);
  if (!found) throw new Error(`${part.file} is missing`);
  if (found.bytes !== part.bytes) throw new Error(`${part.file} has ${found.bytes} bytes, the manifest says ${part.bytes}: truncated`);
  if (found.sha256 !== part.sha256) throw new Error(`${part.file} does not have the SHA-256 the manifest records: altered`);
}

/** Every part and every stored file has the size and SHA-256 the backup recorded. */
const checksums =
  (root: string, onProgress: () => Promise<void>): Step =>
  async ({ folder, manifest }) => {
    await checkPart(folder, manifest.database);
    await checkPart(folder, manifest.filesList);
    const entries = await readFilesList(join(folder, manifest.filesList.file));
    const damaged = await damagedObjects(root, entries, onProgress);
    if (damaged.length)
      throw new Error(
        `${damaged.length} stored files are missing or altered (${damaged.slice(0, 3).join(', ')}${damaged.length > 3 ? '…' : ''})`,
      );
    return `database, file list and ${entries.length} files match their SHA-256`;
  };

const integrity =
  (config: Config): Step =>
  ({ folder, manifest }) =>
    databaseCopy(manifest.engine).integrity(config, join(folder, manifest.database.file));

/**
 * The copy restored into a scratch database passes the doctor's database and migration checks,
 * holds the rows the backup counted, and its audit chains verify.
 */
const testRestore =
  (config: Config): Step =>
  async ({ folder, manifest }) => {
    const work = await mkdtemp(join(resolve(backupRoot(config)), '.verify-'));
    const copy = databaseCopy(manifest.engine);
    try {
      const scratch = await copy.scratch(config, join(folder, manifest.database.file), manifest, work);
      try {
        const store = await openStore({ url: scratch.url, poolSize: 1 });
        try {
          const status = await migrationStatus(store);
          if (status.unknown.length)
            throw new Error(`the scratch database has migrations this Ilot does not know: ${status.unknown.join(', ')}`);
          if (status.applied.length !== manifest.migrations.applied)
            throw new Error(
              `the scratch database has ${status.applied.length} migrations applied, the backup recorded ${manifest.migrations.applied}`,
            );
          const rows = await countRows(store.db as never, store.engine);
          const differing = Object.keys({ ...rows, ...manifest.rows }).filter((t) => rows[t] !== manifest.rows[t]);
          if (differing.length)
            throw new Error(
              `row counts differ: ${differing.map((t) => `${t} ${rows[t] ?? 'absent'} (recorded ${manifest.rows[t] ?? 'absent'})`).join(', ')}`,
            );
          const broken: number[] = [];
          for (const space of await auditedSpaces(store)) if ((await verifyAuditChain(store, space)).brokenAt !== null) broken.push(space);
          if (broken.length) throw new Error(`the audit chain of space ${broken.join(', ')} does not verify`);
          const total = Object.values(rows).reduce((sum, n) => sum + n, 0);
          return `restored into a scratch database: migrations at ${manifest.migrations.last ?? 'none'}, ${total} rows in ${Object.keys(rows).length} tables as recorded, audit chains verify`;
        } finally {
          await store.close();
        }
      } finally {
        await scratch.remove();
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  };

/**
 * Verifies a backup: checksums, the engine's integrity check, then a test restore (`scratch`:
 * false stops before it). Each step needs the previous one; the first that fails ends the run. The
 * result is recorded beside the backup (when `record`) and returned.
 */
export async function verifyBackup(
  config: Config,
  name: string,
  options: { scratch?: boolean; record?: boolean; onProgress?: () => Promise<void> } = {},
): Promise<Verification> {
  const root = resolve(backupRoot(config));
  const folder = backupFolder(root, name);
  const manifest = await readManifest(folder);
  const steps: [string, Step][] = [
    ['checksums', checksums(root, options.onProgress ?? (async () => undefined))],
    ['integrity', integrity(config)],
  ];
  if (options.scratch ?? true) steps.push(['test restore', testRestore(config)]);
  const checks: CheckResult[] = [];
  for (const [check, step] of steps) {
    try {
      checks.push({ check, ok: true, detail: await step({ folder, manifest }) });
    } catch (error) {
      checks.push({ check, ok: false, detail: (error as Error).message });
      break;
    }
  }
  const verification: Verification = { at: Date.now(), ok: checks.length === steps.length && checks.every((c) => c.ok), checks };
  if (options.record ?? true) await writeFile(join(folder, verificationFile), JSON.stringify(verification, null, 2) + '\n');
  return verification;
}
