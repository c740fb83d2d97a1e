import { Command } from 'commander';
import { configOf, exitCodes, runCommand, withStore } from '../run.js';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chains of the audit log (every space, or one)')
    .option('--space <number>', 'only this space (0: the site)')
    .action((options: { space?: string }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        if (options.space !== undefined && !/^\d{1,2}$/.test(options.space)) {
          console.error('--space takes a space number (0 for the site, 10–89).');
          return exitCodes.failed;
        }
        const { auditedSpaces, verifyAuditChain } = await import('../../domain/audit-entries.js');
        return withStore(config, async (store) => {
          const spaces = options.space !== undefined ? [Number(options.space)] : await auditedSpaces(store);
          let broken = 0;
          for (const spaceId of spaces) {
            const report = await verifyAuditChain(store, spaceId);
            if (report.brokenAt === null)
              console.log(
                `ok    space ${spaceId}: ${report.entries} entries${report.from > 1 ? ` from entry ${report.from} (older ones past retention)` : ''}`,
              );
            else {
              broken++;
              console.log(`BROKEN space ${spaceId}: entry ${report.brokenAt} does not follow from the ${report.entries} before it`);
            }
          }
          return broken ? exitCodes.failed : exitCodes.ok;
        });
      }),
    );
  return audit;
}
