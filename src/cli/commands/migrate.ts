import { Command } from 'commander';
import { configOf, exitCodes, runCommand, withStore } from '../run.js';

export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('database schema migrations');
  migrate
    .command('up')
    .description('apply pending migrations (waits if another node is migrating)')
    .action((_options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const { migrateUp } = await import('../../store/migrator.js');
        const applied = await withStore(config, (store) => migrateUp(store));
        console.log(applied.length ? applied.map((name) => `applied ${name}`).join('\n') : 'nothing to apply: the database is up to date');
      }),
    );
  migrate
    .command('status')
    .description('list applied and pending migrations')
    .action((_options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const { migrationStatus } = await import('../../store/migrator.js');
        const status = await withStore(config, (store) => migrationStatus(store));
        for (const m of status.applied) console.log(`applied  ${m.name}  ${new Date(m.appliedAt).toISOString()}`);
        for (const name of status.pending) console.log(`pending  ${name}`);
        for (const name of status.unknown) console.log(`unknown  ${name}  (applied by a newer version of Ilot)`);
        console.log(`${status.applied.length} applied, ${status.pending.length} pending`);
        return status.unknown.length ? exitCodes.database : exitCodes.ok;
      }),
    );
  return migrate;
}
