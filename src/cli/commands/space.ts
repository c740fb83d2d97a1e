import { Command, InvalidArgumentError, Option } from 'commander';
import type { SpaceQuotas } from '../../client/client.js';
import { asOperator } from '../operator-client.js';

interface SpaceView {
  orgCode: string;
  number: number;
  state: string;
  quotas: SpaceQuotas;
  usage: { accounts: number };
}

const integer = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

function quotaOptions(command: Command): Command {
  return command
    .addOption(new Option('--documents <n>', 'documents quota').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--volume <bytes>', 'file volume quota, in bytes').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--monthly <cents>', 'monthly consumption quota, in cents').argParser(integer).makeOptionMandatory())
    .addOption(new Option('--accounts <n>', 'maximum number of accounts').argParser(integer).makeOptionMandatory());
}

const quotasOf = (o: { documents: number; volume: number; monthly: number; accounts: number }): SpaceQuotas => ({
  documents: o.documents,
  volumeBytes: o.volume,
  monthlyCents: o.monthly,
  maxAccounts: o.accounts,
});

// Argument parsers: commander reports their refusal with the usage, before anything is asked or sent.
const onOff = (value: string) => {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('expected on or off.');
  return value === 'on';
};

const date = (value: string) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new InvalidArgumentError('expected a date such as 2027-01-31 or 2027-01-31T18:00:00Z.');
  return time;
};

/** `ilot space …`: the operator's space actions, through the site's API like any operator client. */
export function spaceCommand(): Command {
  const space = new Command('space').description('spaces of the site (signs in as an operator; the passphrase is prompted or read from standard input)').option('--url <url>', 'site address (default: from the configuration)');

  space.command('list').description('every space with its state and usage').action((_o, command: Command) =>
    asOperator(command, [], async (client) => {
      const { spaces } = await client.call<{ spaces: SpaceView[] }>('space.list');
      return spaces.map((s) => `${s.number}  ${s.orgCode.padEnd(12)}  ${s.state.padEnd(9)}  accounts ${s.usage.accounts}/${s.quotas.maxAccounts}`).join('\n') || '(no space)';
    }),
  );
  space.command('show <orgCode>').description('one space').action((orgCode: string, _o, command: Command) => asOperator(command, [], (client) => client.call('space.show', { orgCode })));
  quotaOptions(space.command('open <orgCode>').description('open a space; the treasurer sponsorship phrase is asked after the passphrase')).action((orgCode: string, options, command: Command) =>
    asOperator(command, ['Treasurer sponsorship phrase'], (client, [sponsorship]) => client.openSpace(orgCode, quotasOf(options), sponsorship!)),
  );
  quotaOptions(space.command('quotas <orgCode>').description('change the agreed quotas')).action((orgCode: string, options, command: Command) =>
    asOperator(command, [], (client) => client.call('space.setQuotas', { orgCode, quotas: quotasOf(options) })),
  );
  space.command('notify <orgCode> [text]').description('post the notification every account sees (no text: clear it)').action((orgCode: string, text: string | undefined, _o, command: Command) =>
    asOperator(command, [], (client) => client.call('space.setNotification', { orgCode, text: text ?? null })),
  );
  space
    .command('ban <orgCode>')
    .argument('[date]', 'ISO 8601 date (none: lift the ban)', date)
    .description('forbid sign-ins from a date')
    .action((orgCode: string, from: number | undefined, _o, command: Command) => asOperator(command, [], (client) => client.call('space.setSigninBan', { orgCode, from: from ?? null })));
  space
    .command('read-only <orgCode>')
    .argument('<on|off>', 'on or off', onOff)
    .description('set or lift read-only')
    .action((orgCode: string, readOnly: boolean, _o, command: Command) => asOperator(command, [], (client) => client.call('space.setReadOnly', { orgCode, readOnly })));
  space
    .command('freeze <orgCode>')
    .argument('<on|off>', 'on or off', onOff)
    .description('freeze or unfreeze')
    .action((orgCode: string, frozen: boolean, _o, command: Command) => asOperator(command, [], (client) => client.call('space.setFrozen', { orgCode, frozen })));
  space
    .command('close <orgCode>')
    .description('close a space: its data will be purged, only the message remains')
    .requiredOption('--message <text>', 'what people who come to the space will read')
    .option('--new-address <url>', 'where the organization went')
    .action((orgCode: string, options: { message: string; newAddress?: string }, command: Command) =>
      asOperator(command, [], (client) => client.call('space.close', { orgCode, message: options.message, ...(options.newAddress ? { newAddress: options.newAddress } : {}) })),
    );
  return space;
}
