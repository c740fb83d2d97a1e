import { Command, InvalidArgumentError, Option } from 'commander';
import { asOperator, siteAddress } from '../operator-client.js';
import type { InputOf, OutputOf } from '../../shared/operations/index.js';

type Host = OutputOf<'fleet.host.show'>['host'];
type FleetCommand = OutputOf<'fleet.command.show'>;

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const count = (what: string) => (value: string) => {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError(`expected a whole number of ${what}, 1 or more.`);
  return Number(value);
};
const seconds = count('seconds');
const collect = (value: string, list: string[] = []) => [...list, value];

function hostLine(h: Host): string {
  const state = h.revoked ? 'revoked' : !h.enrolled ? 'not enrolled' : h.online ? 'online' : 'offline';
  const runs = h.deployed.map((d) => `  ${d.app}@${d.version}`).join('');
  return `${h.name.padEnd(24)} ${state.padEnd(12)} ${(h.owner ?? 'provider').padEnd(12)} agent ${h.agentVersion ?? '-'}  last contact ${time(h.lastContactAt)}  ${h.labels.join(',')}${runs}`;
}

const waitingText: Record<NonNullable<FleetCommand['waitingFor']>, string> = {
  not_enrolled: 'waiting: the host is not enrolled',
  revoked: "waiting: the host's credential is revoked",
  agent_offline: 'waiting: agent offline',
  host_busy: 'waiting: host busy',
  previous_batch: "waiting for the rollout's previous batch",
};

function commandLine(c: FleetCommand): string {
  const what = 'app' in c.spec ? `${c.spec.type} ${c.spec.app}${'version' in c.spec ? `@${c.spec.version}` : ''}` : c.spec.type;
  const why = c.waitingFor ? ` (${waitingText[c.waitingFor]})` : '';
  const end = c.error ? `  error: ${c.error}` : c.output ? `  ${c.output}` : '';
  return `${c.id}  ${c.host}  ${what.padEnd(22)} ${c.state}${why}  by ${c.issuedBy} at ${time(c.createdAt)}${end}`;
}

const enrolment = (answer: OutputOf<'fleet.host.add'>) =>
  `${hostLine(answer.host)}\nenrolment token (once, until ${time(answer.expiresAt)}):\n${answer.enrolToken}\n` +
  `on the host: ilot agent --tower <this site's address> --dir /var/lib/ilot-agent --token <token>`;

/** `ilot fleet …`: the control tower's catalogs and commands, as an operator client of the site. */
export function fleetCommand(): Command {
  const fleet = new Command('fleet')
    .description('hosts, apps, permissions and commands of the fleet (signs in as an operator)')
    .option('--url <url>', 'site address (default: from the configuration)', siteAddress);

  const host = fleet.command('host').description('the hosts of the fleet');
  host
    .command('add <name>')
    .description('add a host and print its one-time enrolment token')
    .option('--label <label>', 'a label (word or key=value), repeatable', collect)
    .option('--org <orgCode>', "the organization whose fleet it joins (default: the provider's)")
    .action((name: string, options: { label?: string[]; org?: string }, command: Command) =>
      asOperator(command, async (client) =>
        enrolment(
          await client.call('fleet.host.add', {
            name,
            ...(options.label ? { labels: options.label } : {}),
            ...(options.org ? { orgCode: options.org } : {}),
          }),
        ),
      ),
    );
  host
    .command('enrolment <name>')
    .description('print a new one-time enrolment token for a host (a new machine, or after a revocation)')
    .action((name: string, _o, command: Command) =>
      asOperator(command, async (client) => enrolment(await client.call('fleet.host.enrolment', { name }))),
    );
  host
    .command('list')
    .description('the hosts with their state, owner, agent version, last contact and labels')
    .option('--org <orgCode>', "only this organization's hosts")
    .action((options: { org?: string }, command: Command) =>
      asOperator(command, async (client) => {
        const { hosts } = await client.call('fleet.host.list', options.org ? { orgCode: options.org } : {});
        return hosts.map(hostLine).join('\n') || '(no host)';
      }),
    );
  host
    .command('show <name>')
    .description('a host with its facts, and its pending (with why they wait), running and executed commands')
    .action((name: string, _o, command: Command) =>
      asOperator(command, async (client) => {
        const shown = await client.call('fleet.host.show', { name });
        const facts = shown.host.inventory;
        const section = (title: string, list: FleetCommand[]) =>
          `${title}:\n${list.map((c) => `  ${commandLine(c)}`).join('\n') || '  (none)'}`;
        return [
          hostLine(shown.host),
          facts
            ? `facts: ${facts.platform} ${facts.osRelease} ${facts.arch}, ${facts.cpus} CPUs, memory ${facts.memoryBytes} bytes, disk ${facts.freeDiskBytes}/${facts.diskBytes} bytes free, node ${facts.node}`
            : 'facts: (none reported yet)',
          section('pending', shown.pending),
          section('running', shown.running),
          section('executed', shown.executed),
        ].join('\n');
      }),
    );
  host
    .command('revoke <name>')
    .description("revoke a host's agent credential at once")
    .action((name: string, _o, command: Command) =>
      asOperator(command, async (client) => hostLine(await client.call('fleet.host.revoke', { name }))),
    );

  const app = fleet.command('app').description('the catalog of apps and their versions');
  app
    .command('add <name> [command...]')
    .description('add an app: Ilot (--kind ilot), or a program the agents run (--kind process, its command after --)')
    .addOption(new Option('--kind <kind>', 'ilot or process').choices(['ilot', 'process']).default('process'))
    .action((name: string, argv: string[], options: { kind: 'ilot' | 'process' }, command: Command) =>
      asOperator(command, async (client) =>
        client.call('fleet.app.add', { name, kind: options.kind, ...(argv.length ? { command: argv } : {}) }),
      ),
    );
  app
    .command('version <app> <version>')
    .description("add a version: its release archive on the tower's disk, checked against its SHA-256")
    .requiredOption('--archive <path>', 'the release archive (an npm pack of Ilot)')
    .requiredOption('--sha256 <hex>', 'its SHA-256, as published with it')
    .action((name: string, version: string, options: { archive: string; sha256: string }, command: Command) =>
      asOperator(command, async (client) =>
        client.call('fleet.app.addVersion', { app: name, version, archivePath: options.archive, sha256: options.sha256 }),
      ),
    );
  app
    .command('list')
    .description('the apps with their versions')
    .action((_o, command: Command) => asOperator(command, async (client) => client.call('fleet.app.list', {})));

  const permission = fleet.command('permission').description('who may command which app on which hosts');
  permission
    .command('grant <operator>')
    .description('let an operator command an app on the hosts of a label, or one host')
    .requiredOption('--app <app>', 'the app')
    .option('--label <label>', 'the hosts with this label')
    .option('--host <name>', 'this host')
    .option('--org <orgCode>', "in this organization's fleet (default: the provider's)")
    .action((operator: string, options: { app: string; label?: string; host?: string; org?: string }, command: Command) => {
      // Told as commander tells its own usage errors (exit code 1), rather than thrown out of the action with a stack.
      if ((options.label === undefined) === (options.host === undefined)) command.error('error: give either --label or --host.');
      const hosts: InputOf<'fleet.permission.grant'>['hosts'] = options.host ? { name: options.host } : { label: options.label! };
      return asOperator(command, async (client) =>
        client.call('fleet.permission.grant', { operator, app: options.app, hosts, ...(options.org ? { orgCode: options.org } : {}) }),
      );
    });
  permission
    .command('revoke <id>')
    .description('withdraw a permission (its id as `ilot fleet permission list` shows it)')
    .action((id: string, _o, command: Command) => asOperator(command, async (client) => client.call('fleet.permission.revoke', { id })));
  permission
    .command('list')
    .description('every fleet permission')
    .action((_o, command: Command) => asOperator(command, async (client) => client.call('fleet.permission.list', {})));

  const commands = fleet.command('command').description('commands sent to hosts');
  commands
    .command('issue <host> <type>')
    .description('send a command: inventory, start, stop, restart, deploy, backup or os.update')
    .option('--app <app>', 'the app (start, stop, restart, deploy, backup)')
    .option('--version <version>', 'the version (deploy)')
    .option('--id <id>', 'your own id: sending again with it gives the same command')
    .option('--timeout <seconds>', 'run time allowed once started (default 300)', seconds)
    .option('--expires <seconds>', 'time allowed to start (default 86400)', seconds)
    .action(
      (
        hostName: string,
        type: string,
        options: { app?: string; version?: string; id?: string; timeout?: number; expires?: number },
        command: Command,
      ) => {
        const spec = { type, ...(options.app ? { app: options.app } : {}), ...(options.version ? { version: options.version } : {}) };
        return asOperator(command, async (client) =>
          commandLine(
            await client.call('fleet.command.issue', {
              host: hostName,
              // The site validates the typed command and answers VALIDATION_FAILED with the path of what is wrong.
              command: spec as InputOf<'fleet.command.issue'>['command'],
              ...(options.id ? { id: options.id } : {}),
              ...(options.timeout ? { timeoutSeconds: options.timeout } : {}),
              ...(options.expires ? { expiresInSeconds: options.expires } : {}),
            }),
          ),
        );
      },
    );
  commands
    .command('show <id>')
    .description('a command with its state and result')
    .action((id: string, _o, command: Command) =>
      asOperator(command, async (client) => commandLine(await client.call('fleet.command.show', { id }))),
    );
  commands
    .command('cancel <id>')
    .description('cancel a command (at once if pending; else its agent stops it, within --grace seconds)')
    .option('--grace <seconds>', 'time the agent has to confirm (default 30)', seconds)
    .action((id: string, options: { grace?: number }, command: Command) =>
      asOperator(command, async (client) =>
        commandLine(await client.call('fleet.command.cancel', { id, ...(options.grace ? { graceSeconds: options.grace } : {}) })),
      ),
    );
  const rollout = fleet.command('rollout').description('rolling deploys over the hosts of a label');
  rollout
    .command('start <app> <version>')
    .description('deploy a version on the hosts of a label, batch after batch; a failed host stops it')
    .requiredOption('--label <label>', 'the hosts to deploy')
    .option('--max-unavailable <n>', 'hosts deploying at once (default 1)', count('hosts'))
    .option('--ready <seconds>', 'per host, time allowed to become ready (default 60)', seconds)
    .option('--org <orgCode>', "in this organization's fleet (default: the provider's)")
    .action(
      (app: string, version: string, options: { label: string; maxUnavailable?: number; ready?: number; org?: string }, command: Command) =>
        asOperator(command, async (client) =>
          rolloutText(
            await client.call('fleet.rollout.start', {
              app,
              version,
              label: options.label,
              ...(options.maxUnavailable ? { maxUnavailable: options.maxUnavailable } : {}),
              ...(options.ready ? { readySeconds: options.ready } : {}),
              ...(options.org ? { orgCode: options.org } : {}),
            }),
          ),
        ),
    );
  rollout
    .command('show <id>')
    .description('a rollout: its batches, and per host its deploy, why it waits, and health')
    .action((id: string, _o, command: Command) =>
      asOperator(command, async (client) => rolloutText(await client.call('fleet.rollout.show', { id }))),
    );
  rollout
    .command('list')
    .description('the latest rollouts, newest first')
    .option('--limit <n>', 'how many (default 50)', count('rollouts'))
    .action((options: { limit?: number }, command: Command) =>
      asOperator(command, async (client) => {
        const { rollouts } = await client.call('fleet.rollout.list', options.limit ? { limit: options.limit } : {});
        return rollouts.map((r) => `${r.id}  ${time(r.createdAt)}  ${rolloutHead(r)}`).join('\n') || '(no rollout)';
      }),
    );
  rollout
    .command('cancel <id>')
    .description('stop a rollout: its pending deploys are cancelled, the running ones finish')
    .action((id: string, _o, command: Command) =>
      asOperator(command, async (client) => rolloutText(await client.call('fleet.rollout.cancel', { id }))),
    );
  return fleet;
}

/** What, where, its state and its batch; `batchCount` is how many batches it has. */
function rolloutHead(r: OutputOf<'fleet.rollout.list'>['rollouts'][number]): string {
  return `${r.app}@${r.version} on label ${r.label}  ${r.state}${r.reason ? ` (${r.reason})` : ''}  batch ${Math.min(r.currentBatch, r.batchCount)}/${r.batchCount}, at most ${r.maxUnavailable} unavailable`;
}

function rolloutText(r: OutputOf<'fleet.rollout.show'>): string {
  const head = `rollout ${r.id}  ${rolloutHead({ ...r, batchCount: r.batches.length })}`;
  const lines = r.batches.flatMap((b) =>
    b.hosts.map(
      (h) => `  batch ${b.batch}  ${h.online ? 'online ' : 'offline'}  agent ${h.agentVersion ?? '-'}  ${commandLine(h.command)}`,
    ),
  );
  return [head, ...lines].join('\n');
}
