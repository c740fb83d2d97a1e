import { Command } from 'commander';
import { siteAddress } from '../operator-client.js';
import { configOf, exitCodes, runCommand, withStore } from '../run.js';
import type { Verification } from '../../backup/status.js';

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function printVerification(name: string, verification: Verification): number {
  for (const c of verification.checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(12)} ${c.detail}`);
  console.log(verification.ok ? `backup ${name} verified` : `backup ${name} FAILED verification`);
  return verification.ok ? exitCodes.ok : exitCodes.failed;
}

/** `ilot backup …`: backups of the database and the file store, in backup.dir. */
export function backupCommand(): Command {
  const backup = new Command('backup').description('backups of the database and the file store (in backup.dir)');

  backup
    .command('create')
    .description('back up the database and the file store now, then verify the backup')
    .option('--no-verify', 'skip the verification (checksums, integrity, test restore)')
    .addHelpText('after', '\nExamples:\n  ilot backup create\n  ilot backup create --no-verify')
    .action((options: { verify: boolean }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [{ createBackup }, { verifyBackup }] = await Promise.all([
          import('../../backup/create.js'),
          import('../../backup/verify.js'),
        ]);
        const { name, manifest } = await withStore(config, (store) => createBackup(config, store, { label: 'manual' }));
        console.log(
          `backup ${name} written: database ${mb(manifest.database.bytes)}, ${manifest.files.count} files (${mb(manifest.files.bytes)})`,
        );
        return options.verify ? printVerification(name, await verifyBackup(config, name)) : exitCodes.ok;
      }),
    );

  backup
    .command('list')
    .description('the backups, newest first, with their size and verification')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nExamples:\n  ilot backup list\n  ilot backup list --json')
    .action((options: { json?: boolean }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [{ listBackups }, { backupRoot }] = await Promise.all([import('../../backup/status.js'), import('../../backup/layout.js')]);
        const backups = await listBackups(backupRoot(config));
        if (options.json) return console.log(JSON.stringify(backups, null, 2));
        for (const b of backups) {
          if (!b.manifest) {
            console.log(`${b.name}  UNREADABLE  ${b.problem}`);
            continue;
          }
          const m = b.manifest;
          const verified = !b.verification ? 'not verified' : b.verification.ok ? 'verified' : 'FAILED verification';
          console.log(
            `${b.name}  ${m.label.padEnd(11)} ${m.engine.padEnd(8)} database ${mb(m.database.bytes)}, ${m.files.count} files (${mb(m.files.bytes)})  ${verified}`,
          );
        }
        if (!backups.length) console.log('(no backup)');
      }),
    );

  backup
    .command('verify <name>')
    .description('check a backup: checksums, the database integrity check, and a test restore into a scratch database')
    .addHelpText('after', '\nExample:\n  ilot backup verify 20261201T023000Z-3f9a')
    .action((name: string, _options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const { verifyBackup } = await import('../../backup/verify.js');
        return printVerification(name, await verifyBackup(config, name));
      }),
    );

  backup
    .command('restore <name>')
    .description('restore a backup over the site (stop the site first): a safety copy is taken first, sessions are revoked')
    .option('--dry-run', 'check the backup and tell what would be done, change nothing')
    .option('--force', 'restore even though the site answers (its writes since the safety copy are lost)')
    .option('--url <url>', 'where the running site would answer (default: from listen)', siteAddress)
    .addHelpText('after', '\nExamples:\n  ilot backup restore 20261201T023000Z-3f9a --dry-run\n  ilot backup restore 20261201T023000Z-3f9a')
    .action((name: string, options: { dryRun?: boolean; force?: boolean; url?: string }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const { restoreBackup } = await import('../../backup/restore.js');
        await restoreBackup(config, name, {
          force: options.force ?? false,
          dryRun: options.dryRun ?? false,
          ...(options.url ? { siteUrl: options.url } : {}),
          say: (line) => console.log(line),
        });
      }),
    );
  return backup;
}
