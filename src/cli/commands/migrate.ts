import { Command } from 'commander';
import { openStore, type Store } from '../../store/database.js';
import { migrateUp, migrationStatus } from '../../store/migrator.js';
import type { Config } from '../../config/schema.js';
import { configOf, exitCodes, runCommand } from '../run.js';

async function withStore<T>(config: Config, body: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ url: config.database.url, poolSize: 2, busyTimeoutMs: config.database.busyTimeoutMs });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('database schema migrations');
  migrate
    .command('up')
    .description('apply pending migrations (waits if another node is migrating)')
    .action((_options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
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
