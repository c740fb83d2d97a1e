import { Command, InvalidArgumentError, Option } from 'commander';
import { asOperator, siteAddress } from '../operator-client.js';
import type { InputOf, OutputOf } from '../../shared/operations/index.js';
import { configOf, exitCodes, runCommand, UsageError, withStore } from '../run.js';

type Entry = OutputOf<'audit.querySite'>['entries'][number];

// The most the operation returns at once: a query pages through the rest.
const pageSize = 500;

const time = (ms: number) => new Date(ms).toISOString();

/** A time given as an ISO 8601 date or date-time (UTC unless it says), or milliseconds since 1970. */
function instant(value: string): number {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms) || ms < 0)
    throw new InvalidArgumentError('expected a time such as 2027-01-31, 2027-01-31T18:00:00Z, or milliseconds.');
  return ms;
}

function positive(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('expected a whole number of entries, 1 or more.');
  return Number(value);
}

function line(e: Entry): string {
  const result = e.result === 'ok' ? 'ok' : `error ${e.errorCode ?? ''}`.trim();
  return `${String(e.seq).padStart(6)}  ${time(e.at)}  ${`${e.actor} (${e.role})`.padEnd(24)} ${e.action.padEnd(24)} ${(e.target ?? '-').padEnd(16)} ${result}${e.address ? `  from ${e.address}` : ''}`;
}

interface QueryOptions {
  action?: string;
  actor?: string;
  target?: string;
  space?: string;
  result?: 'ok' | 'error';
  from?: number;
  to?: number;
  limit?: number;
  csv?: boolean;
}

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
  audit
    .command('query')
    .description(
      "the site's audit log, newest first, filtered (signs in as an operator): every matching entry, or the newest --limit; --csv gives all columns",
    )
    .option('--url <url>', 'site address (default: from the configuration)', siteAddress)
    .option('--action <action>', 'only this action, such as space.open')
    .option('--actor <name>', 'only this actor, such as an operator name')
    .addOption(new Option('--target <target>', 'only this target').conflicts('space'))
    .option('--space <orgCode>', "only the operators' actions on this space (their target is its org code)")
    .addOption(new Option('--result <result>', 'only succeeded or failed actions').choices(['ok', 'error']))
    .option('--from <time>', 'from this time, included (ISO 8601, UTC unless it says)', instant)
    .option('--to <time>', 'before this time', instant)
    .option('--limit <n>', 'at most the newest n entries (default: all that match)', positive)
    .option('--csv', 'print CSV: a header, then one line per entry with every column')
    .action((options: QueryOptions, command: Command) =>
      asOperator(
        command,
        async (client) => {
          const filters: InputOf<'audit.querySite'> = {
            ...(options.action !== undefined ? { action: options.action } : {}),
            ...(options.actor !== undefined ? { actor: options.actor } : {}),
            ...((options.target ?? options.space) !== undefined ? { target: options.target ?? options.space } : {}),
            ...(options.result ? { result: options.result } : {}),
            ...(options.from !== undefined ? { from: options.from } : {}),
            ...(options.to !== undefined ? { to: options.to } : {}),
          };
          // Pages by seq: entries written meanwhile have a higher one and do not shift the pages.
          const entries: Entry[] = [];
          let before: number | undefined;
          for (;;) {
            const wanted = Math.min(pageSize, (options.limit ?? Infinity) - entries.length);
            if (wanted <= 0) break;
            const page = await client.call('audit.querySite', { ...filters, limit: wanted, ...(before ? { before } : {}) });
            entries.push(...page.entries);
            if (page.next === null) break;
            before = page.next;
          }
          if (options.csv) {
            const { auditCsvLines } = await import('../../shared/audit-csv.js');
            return auditCsvLines(entries, { defuseFormulas: false }).join('\r\n');
          }
          return entries.map(line).join('\n') || '(no entry)';
        },
        {
          first: async () => {
            if (options.from !== undefined && options.to !== undefined && options.from >= options.to)
              throw new UsageError('--from must be before --to.');
          },
        },
      ),
    );
  return audit;
}
