import { Command, InvalidArgumentError, Option } from 'commander';
import { asOperator, siteAddress } from '../operator-client.js';
import type { InputOf } from '../../shared/operations/index.js';

interface TaskView {
  id: string;
  kind: string;
  spaceId: number;
  target: string | null;
  daily: boolean;
  state: string;
  paused: boolean;
  nextRunAt: number | null;
  attempts: number;
  items: number;
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastItems: number | null;
  lastError: string | null;
}

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const taskId = (value: string) => {
  if (!/^[0-9a-z]{24}$/.test(value))
    throw new InvalidArgumentError('expected a task id (24 letters and digits, as `ilot tasks list` shows).');
  return value;
};

function line(t: TaskView): string {
  const state = t.paused && t.state === 'pending' ? 'paused' : t.state;
  const duration = t.lastDurationMs === null ? '-' : `${t.lastDurationMs} ms`;
  const head = `${t.id}  ${t.kind.padEnd(20)} space ${String(t.spaceId).padEnd(2)}  ${state.padEnd(9)} next ${time(t.nextRunAt)}  last ${time(t.lastRunAt)} (${duration}, ${t.lastItems ?? 0} items)  attempts ${t.attempts}`;
  return t.lastError ? `${head}\n    last error: ${t.lastError}` : head;
}

/** `ilot tasks …`: watch and steer the task engine, as an operator client of the site. */
export function tasksCommand(): Command {
  const tasks = new Command('tasks')
    .description('deferred and daily tasks (signs in as an operator; the passphrase is prompted or read from standard input)')
    .option('--url <url>', 'site address (default: from the configuration)', siteAddress);

  tasks
    .command('list')
    .description('tasks with their state, next and last run, items, attempts and last error')
    .option('--kind <kind>', 'only this kind')
    .addOption(new Option('--state <state>', 'only this state').choices(['pending', 'running', 'done', 'failed', 'cancelled']))
    .option('--space <number>', 'only this space (0: site-wide tasks)', (value) => {
      if (!/^\d{1,2}$/.test(value)) throw new InvalidArgumentError('expected a space number.');
      return Number(value);
    })
    .action((options: { kind?: string; state?: InputOf<'tasks.list'>['state']; space?: number }, command: Command) =>
      asOperator(command, async (client) => {
        const { tasks: rows, pausedKinds } = await client.call('tasks.list', {
          ...(options.kind ? { kind: options.kind } : {}),
          ...(options.state ? { state: options.state } : {}),
          ...(options.space !== undefined ? { spaceId: options.space } : {}),
          limit: 500,
        });
        const paused = pausedKinds.length ? `\npaused kinds: ${pausedKinds.join(', ')}` : '';
        return (rows.map(line).join('\n') || '(no task)') + paused;
      }),
    );
  const byId = (name: string, operation: 'tasks.runNow' | 'tasks.retry' | 'tasks.cancel', description: string) =>
    tasks
      .command(name)
      .argument('<task>', 'task id', taskId)
      .description(description)
      .action((id: string, _o, command: Command) => asOperator(command, async (client) => line(await client.call(operation, { id }))));
  byId('run', 'tasks.runNow', 'run a pending task now');
  byId('retry', 'tasks.retry', 'retry a failed task');
  byId('cancel', 'tasks.cancel', 'cancel a pending task');
  const byKind = (name: string, operation: 'tasks.pause' | 'tasks.resume', description: string) =>
    tasks
      .command(`${name} <kind>`)
      .description(description)
      .action((kind: string, _o, command: Command) =>
        asOperator(command, async (client) => {
          const { pausedKinds } = await client.call(operation, { kind });
          return `paused kinds: ${pausedKinds.join(', ') || '(none)'}`;
        }),
      );
  byKind('pause', 'tasks.pause', 'stop taking tasks of a kind (they stay queued)');
  byKind('resume', 'tasks.resume', 'take tasks of a paused kind again');
  return tasks;
}
