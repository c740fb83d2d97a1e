#!/usr/bin/env node
import { Command } from 'commander';
import { ilotVersion } from '../config/version.js';
import { serveCommand } from './commands/serve.js';
import { migrateCommand } from './commands/migrate.js';
import { doctorCommand } from './commands/doctor.js';
import { operatorCommand } from './commands/operator.js';
import { auditCommand } from './commands/audit.js';
import { spaceCommand } from './commands/space.js';
import { tasksCommand } from './commands/tasks.js';
import { backupCommand } from './commands/backup.js';

// Command modules only declare arguments and options; each action loads what it runs (the
// server, the store, the client and its crypto), so that a command pays only for its own.
const program = new Command()
  .name('ilot')
  .description('Ilot: sealed spaces with end-to-end-encrypted notes, files, chats and groups')
  .version(ilotVersion)
  .option('-c, --config <file>', 'configuration file (default: $ILOT_CONFIG or ./ilot.config.json when present)')
  .showHelpAfterError();

program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(doctorCommand());
program.addCommand(operatorCommand());
program.addCommand(auditCommand());
program.addCommand(spaceCommand());
program.addCommand(tasksCommand());
program.addCommand(backupCommand());

await program.parseAsync(process.argv);
