import { Command, InvalidArgumentError, Option } from 'commander';
import type { SpaceQuotas } from '../../client/index.js';
import { OrgCode, operatorOrgCode } from '../../shared/protocol.js';
import { asOperator, siteAddress } from '../operator-client.js';
import { configOf, runCommand, withStore } from '../run.js';
import { confirm, phrase } from '../secrets.js';

// Argument parsers: commander reports their refusal with the usage, before anything is asked or sent.
const orgCodePattern = new RegExp(OrgCode().pattern!);
const orgCode = (value: string) => {
  if (value === operatorOrgCode) throw new InvalidArgumentError(`${operatorOrgCode} is the operators' org code, not a space's.`);
  if (!orgCodePattern.test(value)) throw new InvalidArgumentError('expected an org code: 4 to 12 lowercase letters or digits.');
  return value;
};

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

const onOff = (value: string) => {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('expected on or off.');
  return value === 'on';
};

const date = (value: string) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError('expected a date such as 2027-01-31 or 2027-01-31T18:00:00Z.');
  return time;
};

function quotaOptions(command: Command): Command {
  return command
    .addOption(new Option('--documents <n>', 'documents quota (required)').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--volume <bytes>', 'file volume quota, in bytes (required)').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--monthly <cents>', 'monthly consumption quota, in cents (required)').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--accounts <n>', 'maximum number of accounts (required)').argParser(integer).makeOptionMandatory());
}

/** The options quotaOptions adds, as commander parses them. */
interface QuotaOptions {
  documents: number;
  volume: number;
  monthly: number;
  accounts: number;
}

const quotasOf = (o: QuotaOptions): SpaceQuotas => ({
  documents: o.documents,
  volumeBytes: o.volume,
  monthlyCents: o.monthly,
  maxAccounts: o.accounts,
});

/** `ilot space …`: the operator's space actions, through the site's API like any operator client. */
export function spaceCommand(): Command {
  const space = new Command('space')
    .description('spaces of the site (signs in as an operator; the passphrase is prompted or read from standard input)')
    .option('--url <url>', 'site address (default: from the configuration)', siteAddress);
  const onSpace = (name: string, description: string) =>
    space.command(name).argument('<orgCode>', 'org code of the space', orgCode).description(description);

  space
    .command('list')
    .description('every space with its state and usage')
    .action((_o, command: Command) =>
      asOperator(command, async (client) => {
        const { spaces } = await client.call('space.list');
        return (
          spaces
            .map((s) => `${s.number}  ${s.orgCode.padEnd(12)}  ${s.state.padEnd(9)}  accounts ${s.usage.accounts}/${s.quotas.maxAccounts}`)
            .join('\n') || '(no space)'
        );
      }),
    );
  onSpace('show', 'one space').action((code: string, _o, command: Command) =>
    asOperator(command, (client) => client.call('space.show', { orgCode: code })),
  );
  quotaOptions(onSpace('open', 'open a space; the treasurer sponsorship phrase is asked after the passphrase')).action(
    (code: string, options: QuotaOptions, command: Command) =>
      asOperator(command, (client, [sponsorship]) => client.openSpace(code, quotasOf(options), sponsorship!), {
        secrets: [phrase('Treasurer sponsorship phrase', 'treasurer sponsorship phrase')],
      }),
  );
  quotaOptions(onSpace('quotas', 'change the agreed quotas')).action((code: string, options: QuotaOptions, command: Command) =>
    asOperator(command, (client) => client.call('space.setQuotas', { orgCode: code, quotas: quotasOf(options) })),
  );
  onSpace('notify', 'post the notification every account sees (no text: clear it)')
    .argument('[text]', 'the notification')
    .action((code: string, text: string | undefined, _o, command: Command) =>
      asOperator(command, (client) => client.call('space.setNotification', { orgCode: code, text: text ?? null })),
    );
  onSpace('ban', 'forbid sign-ins from a date')
    .argument('[date]', 'ISO 8601 date (none: lift the ban)', date)
    .action((code: string, from: number | undefined, _o, command: Command) =>
      asOperator(command, (client) => client.call('space.setSigninBan', { orgCode: code, from: from ?? null })),
    );
  onSpace('read-only', 'set or lift read-only')
    .argument('<on|off>', 'on or off', onOff)
    .action((code: string, readOnly: boolean, _o, command: Command) =>
      asOperator(command, (client) => client.call('space.setReadOnly', { orgCode: code, readOnly })),
    );
  onSpace('freeze', 'freeze or unfreeze')
    .argument('<on|off>', 'on or off', onOff)
    .action((code: string, frozen: boolean, _o, command: Command) =>
      asOperator(command, (client) => client.call('space.setFrozen', { orgCode: code, frozen })),
    );
  onSpace('close', 'close a space: its data will be purged, only the message remains')
    .requiredOption('--message <text>', 'what people who come to the space will read (required)')
    .option('--new-address <url>', 'where the organization went')
    .option('--yes', 'do not ask for confirmation (needed when standard input is not a terminal)')
    .action((code: string, options: { message: string; newAddress?: string; yes?: boolean }, command: Command) =>
      asOperator(
        command,
        (client) =>
          client.call('space.close', {
            orgCode: code,
            message: options.message,
            ...(options.newAddress ? { newAddress: options.newAddress } : {}),
          }),
        {
          first: () => confirm(`Closing ${code} purges all its data for good; only the closing message remains.`, code, options.yes),
        },
      ),
    );
  spaceMoves(space);
  return space;
}

/**
 * `ilot space export|import`: moving a space to another site. They work on the configured database
 * directly, like `ilot backup`: an export reads a frozen space, an import writes a new space in one
 * transaction, which a running site only sees once committed.
 */
function spaceMoves(space: Command): void {
  space
    .command('export')
    .argument('<orgCode>', 'org code of the space', orgCode)
    .description('write a space (its rows and its still encrypted files) to an archive; freeze the space first')
    .requiredOption('--to <file>', 'the archive to write (required)')
    .option('--force', 'export even though the space is not frozen, and replace an existing file')
    .addHelpText('after', '\nExamples:\n  ilot space freeze asso1 on\n  ilot space export asso1 --to /srv/moves/asso1.ilotspace')
    .action((code: string, options: { to: string; force?: boolean }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [{ exportSpace }, { progressOn, formatBytes }] = await Promise.all([
          import('../../export/export.js'),
          import('../../export/progress.js'),
        ]);
        const progress = progressOn(process.stderr);
        const started = Date.now();
        const done = await withStore(config, (store) =>
          exportSpace(config, store, code, options.to, { force: options.force ?? false, progress }),
        );
        const rows = Object.values(done.manifest.rows).reduce((sum, n) => sum + n, 0);
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `space ${code} exported to ${options.to}: ${rows} rows, ${done.manifest.files.count} files, ${formatBytes(done.bytes)} in ${seconds.toFixed(1)} s${done.header.forced ? ' (not frozen: --force)' : ''}`,
        );
      }),
    );
  space
    .command('import')
    .argument('<file>', 'an archive written by ilot space export')
    .description('create a space from an archive, all or nothing, under a free number')
    .option('--org <orgCode>', 'the org code of the space here (default: the one in the archive)', orgCode)
    .addHelpText(
      'after',
      '\nExamples:\n  ilot space import /srv/moves/asso1.ilotspace\n  ilot space import /srv/moves/asso1.ilotspace --org asso2',
    )
    .action((file: string, options: { org?: string }, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [{ importSpace }, { progressOn, formatBytes }] = await Promise.all([
          import('../../export/import.js'),
          import('../../export/progress.js'),
        ]);
        const progress = progressOn(process.stderr);
        const started = Date.now();
        const done = await withStore(config, (store) =>
          importSpace(config, store, file, { progress, ...(options.org ? { orgCode: options.org } : {}) }),
        );
        const rows = Object.values(done.manifest.rows).reduce((sum, n) => sum + n, 0);
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `space ${done.orgCode} imported as number ${done.number}: ${rows} rows, ${done.manifest.files.count} files (${formatBytes(done.manifest.files.bytes)}) in ${seconds.toFixed(1)} s`,
        );
        if (done.keyDerivationKept)
          console.log(
            `members keep signing in with their passphrases: their keys still derive from ${done.header.keyDerivation.orgCode}'s parameters`,
          );
        if (done.header.forced) console.log('note: this archive was taken while the space was not frozen (--force)');
      }),
    );
}
