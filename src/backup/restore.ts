import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ilotVersion } from '../config/version.js';
import { appendAuditEntry } from '../domain/audit-entries.js';
import { IlotError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { migrateUp, migrationStatus } from '../store/migrator.js';
import { migrations } from '../store/migrations/index.js';
import { siteSpaceId } from '../store/schema.js';
import { createLocked } from './create.js';
import { databaseCopy } from './engines.js';
import { readFilesList, restoreFiles } from './files.js';
import { clearRestoring, markRestoring } from './restore-marker.js';
import { backupFolder, backupRoot } from './layout.js';
import { withBackupLock } from './lock.js';
import { compareVersions, readManifest, type Manifest } from './manifest.js';
import { configuredSiteUrl, siteAnswers } from './site-running.js';
import { withSiteStore } from './site-store.js';
import { verifyBackup } from './verify.js';

export interface RestoreOptions {
  /** Restore even when the site answers at `siteUrl`. */
  force: boolean;
  /** Check and tell what would be done, change nothing. */
  dryRun: boolean;
  /** Where the running site would answer (default: from `listen`). */
  siteUrl?: string;
  /** Each step, as it is done. */
  say: (line: string) => void;
}

/** Refuses what this Ilot cannot restore, before anything is touched. */
function refuseUnusable(manifest: Manifest, engine: Store['engine']): void {
  const known = new Set(migrations.map((m) => m.name));
  if (compareVersions(manifest.ilotVersion, ilotVersion) > 0 || (manifest.migrations.last && !known.has(manifest.migrations.last)))
    throw new IlotError(
      'BACKUP_TOO_NEW',
      `This backup was made by Ilot ${manifest.ilotVersion} (migrations up to ${manifest.migrations.last}); this is Ilot ${ilotVersion}: update it first.`,
    );
  if (manifest.engine !== engine)
    throw new IlotError(
      'BACKUP_ENGINE_MISMATCH',
      `This backup is of a ${manifest.engine} database and the site runs on ${engine}: to change engines, export and import the spaces.`,
    );
}

/**
 * Restores a backup over the site: refuses a running site (unless forced), checks the backup's
 * checksums and integrity, takes a safety copy of the current state as a backup of its own, puts the
 * database and the files back, migrates if the backup is older, and revokes every session: a token
 * from before the backup (perhaps signed out or revoked since) must not come back to life.
 */
export async function restoreBackup(config: Config, name: string, options: RestoreOptions): Promise<void> {
  const { say } = options;
  const root = resolve(backupRoot(config));
  const folder = backupFolder(root, name);
  const manifest = await readManifest(folder);
  const engine = config.database.url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  refuseUnusable(manifest, engine);
  const siteUrl = options.siteUrl ?? configuredSiteUrl(config);
  if (siteUrl && (await siteAnswers(siteUrl))) {
    if (!options.force)
      throw new IlotError(
        'BACKUP_SITE_RUNNING',
        `The site answers at ${siteUrl}: stop it before restoring (its writes would be lost), or pass --force.`,
      );
    say(`the site answers at ${siteUrl}: restoring anyway (--force); restart it afterwards`);
  }
  const checks = await verifyBackup(config, name, { scratch: false, record: false });
  const failed = checks.checks.find((c) => !c.ok);
  if (failed)
    throw new IlotError(
      failed.check === 'checksums' ? 'BACKUP_CORRUPT' : 'BACKUP_INVALID',
      `Backup ${name}: ${failed.check}: ${failed.detail}.`,
    );
  say(
    `backup ${name} of ${new Date(manifest.createdAt).toISOString()} (Ilot ${manifest.ilotVersion}, ${manifest.engine}): ${checks.checks.map((c) => c.detail).join('; ')}`,
  );

  const copy = databaseCopy(engine);
  const filesRoot = resolve(config.files.dir);
  const pending = migrations.length - manifest.migrations.applied;
  const plan = [
    'take a safety copy of the current database and files, as a backup of its own',
    'mark the site as being restored: `ilot serve` refuses to start until the restore ends',
    copy.describeRestore(config),
    `put back ${manifest.files.count} files (${manifest.files.bytes} bytes) in ${filesRoot}, replacing its space folders`,
    pending > 0 ? `apply ${pending} migrations the backup predates` : 'no migration to apply',
    'revoke every session (members and operators sign in again)',
  ];
  if (options.dryRun) {
    say('dry run: nothing changed; a restore would:');
    for (const step of plan) say(`  - ${step}`);
    return;
  }
  await withBackupLock(root, async () => {
    await withSiteStore(config, async (store) => {
      if ((await migrationStatus(store)).applied.length === 0) return say('safety copy: skipped, the current database is empty');
      const safety = await createLocked(config, store, root, { label: 'pre-restore' });
      say(`safety copy: backup ${safety.name} (${safety.manifest.files.count} files); restore it to undo`);
    });
    await mkdir(filesRoot, { recursive: true });
    await markRestoring(config, name);
    await copy.restore(config, join(folder, manifest.database.file), manifest);
    say(`database: restored (${Object.values(manifest.rows).reduce((s, n) => s + n, 0)} rows)`);
    await restoreFiles(root, await readFilesList(join(folder, manifest.filesList.file)), filesRoot);
    say(`files: ${manifest.files.count} restored in ${filesRoot}`);
    await withSiteStore(config, async (store) => {
      const applied = await migrateUp(store);
      say(applied.length ? `migrations: applied ${applied.join(', ')}` : 'migrations: none to apply');
      const now = Date.now();
      const revoked = await store.transaction(async (tx) => {
        const result = await tx.updateTable('sessions').set({ revoked_at: now }).where('revoked_at', 'is', null).executeTakeFirst();
        await appendAuditEntry(tx, {
          space_id: siteSpaceId,
          at: now,
          request_id: `restore-${name}`,
          actor: userInfo().username,
          role: 'operator',
          action: 'backup.restore',
          target: name,
          details: JSON.stringify({ createdAt: manifest.createdAt, label: manifest.label, force: options.force }),
          address: null,
          user_agent: `ilot ${ilotVersion}`,
          result: 'ok',
          error_code: null,
        });
        return Number(result.numUpdatedRows);
      });
      say(`sessions: ${revoked} revoked`);
    });
    await clearRestoring(config);
  });
  say(`restored backup ${name}`);
}
