import { Command, InvalidArgumentError } from 'commander';
import { asOperator, siteAddress } from '../operator-client.js';
import type { OutputOf } from '../../shared/operations/index.js';

type Session = OutputOf<'operator.sessions.list'>['sessions'][number];

const time = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const sessionId = (value: string) => {
  if (!/^[A-Za-z0-9_-]{22}$/.test(value))
    throw new InvalidArgumentError('expected a session id (22 letters, digits, "-" or "_", as `ilot sessions list` shows).');
  return value;
};

function line(s: Session): string {
  const who = `${s.operator} (${s.role})`.padEnd(20);
  const from = [s.address, s.userAgent].filter(Boolean).join(', ') || '-';
  return `${s.id}  ${who} since ${time(s.createdAt)}  until ${time(s.expiresAt)}  from ${from}${s.current ? '  (this command)' : ''}`;
}

/** `ilot sessions …`: the operators' open sessions, as an operator client of the site. */
export function sessionsCommand(): Command {
  const sessions = new Command('sessions')
    .description('open operator sessions (signs in as an operator; the passphrase is prompted or read from standard input)')
    .option('--url <url>', 'site address (default: from the configuration)', siteAddress);
  sessions
    .command('list')
    .description('open operator sessions, newest first, with their operator, times and origin')
    .option('--json', 'print the list as JSON')
    .action((options: { json?: boolean }, command: Command) =>
      asOperator(command, async (client) => {
        const { sessions: open } = await client.call('operator.sessions.list');
        return options.json ? open : open.map(line).join('\n') || '(no session)';
      }),
    );
  sessions
    .command('revoke')
    .argument('<session>', 'session id', sessionId)
    .description('end an operator session, for instance one left open elsewhere (admins only)')
    .action((id: string, _o, command: Command) =>
      asOperator(command, async (client) => {
        await client.call('operator.sessions.revoke', { id });
        return `revoked ${id}`;
      }),
    );
  return sessions;
}
