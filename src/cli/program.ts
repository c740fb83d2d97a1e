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
import { sessionsCommand } from './commands/sessions.js';
import { fleetCommand } from './commands/fleet.js';
import { agentCommand } from './commands/agent.js';
import { addExamples } from './examples.js';

/**
 * The `ilot` command and its commands, in the groups `ilot --help` shows them in. Command modules
 * only declare arguments and options; each action loads what it runs (the server, the store, the
 * client and its crypto), so that a command pays only for its own.
 */
export function ilotProgram(): Command {
  const program = new Command()
    .name('ilot')
    .description('Ilot: sealed spaces with end-to-end-encrypted notes, files, chats and groups')
    .version(ilotVersion)
    .option('-c, --config <file>', 'configuration file (default: $ILOT_CONFIG or ./ilot.config.json when present)')
    .showHelpAfterError();

  // A command added after a heading goes in its group.
  program.commandsGroup('Site:');
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(doctorCommand());
  program.addCommand(operatorCommand());

  program.commandsGroup('Spaces:');
  program.addCommand(spaceCommand());

  program.commandsGroup('Tasks:');
  program.addCommand(tasksCommand());

  program.commandsGroup('Backups:');
  program.addCommand(backupCommand());

  program.commandsGroup('Audit:');
  program.addCommand(auditCommand());

  program.commandsGroup('Sessions:');
  program.addCommand(sessionsCommand());

  program.commandsGroup('Fleet:');
  program.addCommand(fleetCommand());
  program.addCommand(agentCommand());

  addExamples(program);
  return program;
}
