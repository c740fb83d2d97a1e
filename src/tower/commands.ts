import type { Kysely, Selectable } from 'kysely';
import type { Tx } from '../store/database.js';
import type { Database, FleetCommandState, FleetCommandsTable } from '../store/schema.js';
import { IlotError } from '../shared/errors.js';
import type { AgentCommand, CommandReport, CommandSpec } from '../shared/operations/fleet.js';
import { isOnline, type HostRow } from './hosts.js';

// Commands of the fleet and their states: pending → delivered → running → succeeded | failed |
// timed_out | cancelled | lost. Every command ends: the agent reports its end, or the reaper
// (tasks/kinds/fleet-reaper.ts) ends what expired, overran or was held by a silent agent.

export type CommandRow = Selectable<FleetCommandsTable>;

export const endStates: readonly FleetCommandState[] = ['succeeded', 'failed', 'timed_out', 'cancelled', 'lost'];
/** States in which an agent holds the command. */
const heldStates: readonly FleetCommandState[] = ['delivered', 'running'];
const openStates: readonly FleetCommandState[] = ['pending', ...heldStates];

export const isEnded = (state: FleetCommandState) => endStates.includes(state);

export const defaultTimeoutMs = 300_000;
export const defaultExpiryMs = 86_400_000;
export const defaultCancelGraceMs = 30_000;

export type WaitingFor = 'not_enrolled' | 'revoked' | 'agent_offline' | 'host_busy' | 'previous_batch';

/** Why a pending command of this host is not delivered yet (null: it goes with the agent's next message). */
export function whyPending(host: HostRow, busy: boolean, now: number, offlineAfterMs: number): WaitingFor | null {
  if (host.revoked_at !== null) return 'revoked';
  if (host.credential_hash === null) return 'not_enrolled';
  if (!isOnline(host, now, offlineAfterMs)) return 'agent_offline';
  return busy ? 'host_busy' : null;
}

/** The batch each running rollout of these commands delivers now: its later batches wait. */
export async function currentBatches(db: Kysely<Database>, rows: Pick<CommandRow, 'rollout_id'>[]): Promise<Map<string, number>> {
  const ids = [...new Set(rows.flatMap((r) => (r.rollout_id === null ? [] : [r.rollout_id])))];
  if (ids.length === 0) return new Map();
  const rollouts = await db.selectFrom('fleet_rollouts').select(['id', 'current_batch']).where('id', 'in', ids).execute();
  return new Map(rollouts.map((r) => [r.id, r.current_batch]));
}

const waitsForBatch = (row: Pick<CommandRow, 'rollout_id' | 'batch'>, batches: Map<string, number>) =>
  row.rollout_id !== null && row.batch !== null && (batches.get(row.rollout_id) ?? 0) < row.batch;

/**
 * Why a pending command waits: its host's reason when the agent cannot take it at all (revoked,
 * not enrolled, offline), else its rollout's previous batch, else a command the host runs.
 */
export function waitingOf(row: CommandRow, hostReason: WaitingFor | null, batches: Map<string, number>): WaitingFor | null {
  if (row.state !== 'pending') return null;
  if (hostReason !== null && hostReason !== 'host_busy') return hostReason;
  return waitsForBatch(row, batches) ? 'previous_batch' : hostReason;
}

export function commandView(row: CommandRow, hostName: string, waitingFor: WaitingFor | null = null) {
  return {
    id: row.id,
    host: hostName,
    spec: JSON.parse(row.args) as CommandSpec,
    state: row.state,
    issuedBy: row.issued_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    timeoutMs: row.timeout_ms,
    deliveredAt: row.delivered_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    cancelRequested: row.cancel_deadline !== null,
    output: row.result,
    error: row.error,
    waitingFor: row.state === 'pending' ? waitingFor : null,
    rollout: row.rollout_id === null ? null : { id: row.rollout_id, batch: row.batch ?? 0 },
  };
}

export async function commandById(tx: Tx, id: string): Promise<CommandRow> {
  const row = await tx.selectFrom('fleet_commands').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new IlotError('FLEET_COMMAND_NOT_FOUND');
  return row;
}

export interface NewCommand {
  id: string;
  host: HostRow;
  spec: CommandSpec;
  issuedBy: string;
  timeoutMs: number;
  expiresAt: number;
  rollout?: { id: string; batch: number };
}

/**
 * Queues a command; an id already used gives back its command when it is the same one (a client
 * sending again after a lost reply), and is refused for any other: an id names one execution.
 */
export async function queueCommand(tx: Tx, command: NewCommand, now: number): Promise<{ row: CommandRow; created: boolean }> {
  const args = JSON.stringify(command.spec);
  const existing = await tx.selectFrom('fleet_commands').selectAll().where('id', '=', command.id).executeTakeFirst();
  if (existing) {
    if (existing.host_id !== command.host.id || existing.args !== args) throw new IlotError('FLEET_COMMAND_ID_TAKEN');
    return { row: existing, created: false };
  }
  const row: CommandRow = {
    space_id: command.host.space_id,
    id: command.id,
    host_id: command.host.id,
    app: 'app' in command.spec ? command.spec.app : null,
    type: command.spec.type,
    args,
    state: 'pending',
    issued_by: command.issuedBy,
    created_at: now,
    expires_at: command.expiresAt,
    timeout_ms: command.timeoutMs,
    delivered_at: null,
    started_at: null,
    ended_at: null,
    cancel_deadline: null,
    result: null,
    error: null,
    rollout_id: command.rollout?.id ?? null,
    batch: command.rollout?.batch ?? null,
  };
  await tx.insertInto('fleet_commands').values(row).execute();
  return { row, created: true };
}

/** The host's commands an agent holds or will be given, oldest first. */
export function openCommands(tx: Tx, hostId: string) {
  return tx
    .selectFrom('fleet_commands')
    .selectAll()
    .where('host_id', '=', hostId)
    .where('state', 'in', openStates)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The host's ended commands, newest first. */
export function endedCommands(tx: Tx, hostId: string, limit: number) {
  return tx
    .selectFrom('fleet_commands')
    .selectAll()
    .where('host_id', '=', hostId)
    .where('state', 'in', endStates)
    .orderBy('ended_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * What the agent is given in reply to a message: a host runs one command at a time, so the next
 * pending one is delivered only when none is held. A delivered command the agent has not started
 * is given again (its reply may have been lost); the agent's journal runs an id once. Commands it
 * holds whose cancellation was asked are named in `cancel`.
 */
export async function deliverCommands(tx: Tx, hostId: string, now: number): Promise<{ commands: CommandRow[]; cancel: string[] }> {
  const open = await openCommands(tx, hostId);
  const held = open.filter((c) => heldStates.includes(c.state));
  const cancel = held.filter((c) => c.cancel_deadline !== null).map((c) => c.id);
  const given = held.filter((c) => c.state === 'delivered' && c.cancel_deadline === null);
  if (held.length === 0) {
    const batches = await currentBatches(tx, open);
    const next = open.find((c) => c.state === 'pending' && c.expires_at > now && !waitsForBatch(c, batches));
    if (next) {
      await tx
        .updateTable('fleet_commands')
        .set({ state: 'delivered', delivered_at: now })
        .where('id', '=', next.id)
        .where('state', '=', 'pending')
        .execute();
      given.push({ ...next, state: 'delivered', delivered_at: now });
    }
  }
  return { commands: given, cancel };
}

/** Whether the host's next message would be given a new command (what ends an agent's long poll). */
export async function hasDeliverable(db: Kysely<Database>, hostId: string, now: number): Promise<boolean> {
  const rows = await db
    .selectFrom('fleet_commands')
    .select(['state', 'expires_at', 'rollout_id', 'batch'])
    .where('host_id', '=', hostId)
    .where('state', 'in', openStates)
    .execute();
  if (rows.some((r) => heldStates.includes(r.state))) return false;
  const batches = await currentBatches(db, rows);
  return rows.some((r) => r.state === 'pending' && r.expires_at > now && !waitsForBatch(r, batches));
}

/** Whether a pending command waits for the host: is a command held by its agent? */
export async function hostIsBusy(tx: Tx, hostId: string): Promise<boolean> {
  const held = await tx
    .selectFrom('fleet_commands')
    .select('id')
    .where('host_id', '=', hostId)
    .where('state', 'in', heldStates)
    .executeTakeFirst();
  return held !== undefined;
}

/** A command as the agent receives it, with its app as the catalog describes it. */
export async function agentCommands(tx: Tx, rows: CommandRow[]): Promise<AgentCommand[]> {
  const names = [...new Set(rows.flatMap((r) => (r.app === null ? [] : [r.app])))];
  const apps = names.length === 0 ? [] : await tx.selectFrom('fleet_apps').selectAll().where('name', 'in', names).execute();
  const byName = new Map(apps.map((a) => [a.name, a]));
  return Promise.all(
    rows.map(async (row) => {
      const app = row.app === null ? undefined : byName.get(row.app);
      const spec = JSON.parse(row.args) as CommandSpec;
      const release =
        spec.type === 'deploy'
          ? await tx
              .selectFrom('fleet_app_versions')
              .select(['version', 'sha256'])
              .where('app', '=', spec.app)
              .where('version', '=', spec.version)
              .executeTakeFirst()
          : undefined;
      return {
        id: row.id,
        spec,
        timeoutMs: row.timeout_ms,
        app: app ? { name: app.name, kind: app.kind, command: app.command === null ? null : (JSON.parse(app.command) as string[]) } : null,
        ...(release ? { release } : {}),
      };
    }),
  );
}

/**
 * Records what an agent reports of a command. A report on a command this host was never given
 * (unknown, another host's, or still pending) is refused. A command already ended keeps its end;
 * when the tower ended it (the reaper, an unconfirmed cancellation), the agent's own account,
 * arriving late, is kept as its result, since it says what the host was left in (a rollback, say).
 * Returns the rollout of a command this report ended, which may move on.
 */
export async function applyReport(tx: Tx, hostId: string, report: CommandReport, now: number): Promise<string | null> {
  const row = await tx.selectFrom('fleet_commands').selectAll().where('id', '=', report.commandId).executeTakeFirst();
  if (!row || row.host_id !== hostId || row.state === 'pending')
    throw new IlotError('AGENT_COMMAND_UNKNOWN', undefined, { commandId: report.commandId });
  if (isEnded(row.state)) {
    const endedByTower = row.state !== 'succeeded' && row.result === null && report.state !== 'running';
    const sameEnd = report.state === row.state && (report.error ?? null) === row.error;
    if (endedByTower && !sameEnd)
      await tx
        .updateTable('fleet_commands')
        .set({ result: lateAccount(report) })
        .where('id', '=', row.id)
        .where('result', 'is', null)
        .execute();
    return null;
  }
  if (report.state === 'running') {
    if (row.state === 'delivered')
      await tx.updateTable('fleet_commands').set({ state: 'running', started_at: now }).where('id', '=', row.id).execute();
    return null;
  }
  await tx
    .updateTable('fleet_commands')
    .set({
      state: report.state,
      started_at: row.started_at ?? now,
      ended_at: now,
      result: report.output ?? null,
      error: report.error ?? null,
    })
    .where('id', '=', row.id)
    .where('state', 'in', heldStates)
    .execute();
  return row.rollout_id;
}

/** An agent's end of a command the tower had already ended, as the command's result. */
const lateAccount = (report: CommandReport): string =>
  `the agent reported later: ${report.state}${report.error ? `: ${report.error}` : report.output ? `: ${report.output}` : ''}`;

/**
 * Asks for a command's end: a pending one is cancelled at once; one an agent holds is named to the
 * agent, which stops it and reports `cancelled`, by `graceMs` at the latest (then the reaper ends it).
 */
export async function requestCancel(tx: Tx, row: CommandRow, now: number, graceMs: number): Promise<CommandRow> {
  if (isEnded(row.state)) throw new IlotError('FLEET_COMMAND_ENDED', undefined, { state: row.state });
  const changes =
    row.state === 'pending'
      ? { state: 'cancelled' as const, ended_at: now, error: 'cancelled before delivery' }
      : { cancel_deadline: Math.min(row.cancel_deadline ?? Infinity, now + graceMs) };
  await tx.updateTable('fleet_commands').set(changes).where('id', '=', row.id).execute();
  return { ...row, ...changes };
}

/**
 * Ends what can no longer end otherwise: commands not started before they expired, commands
 * running past their timeout, cancellations the agent did not confirm in time (timed out, or
 * cancelled), and commands held by an agent that fell silent or was revoked (lost). An agent
 * enforces its timeouts itself; the tower waits `offlineAfterMs` more for its report.
 * Returns how many commands it ended.
 */
export async function reapCommands(tx: Tx, now: number, offlineAfterMs: number): Promise<number> {
  const end = async (
    state: FleetCommandState,
    error: string,
    narrow: (q: ReturnType<typeof openUpdate>) => ReturnType<typeof openUpdate>,
  ) => Number((await narrow(openUpdate(tx).set({ state, ended_at: now, error })).executeTakeFirst()).numUpdatedRows);
  const silentHosts = tx
    .selectFrom('fleet_hosts')
    .select('id')
    .where((eb) =>
      eb.or([eb('revoked_at', 'is not', null), eb('last_contact_at', 'is', null), eb('last_contact_at', '<', now - offlineAfterMs)]),
    );
  let ended = 0;
  // An overrun is the command's own end, whether or not its agent is still heard from.
  ended += await end('timed_out', 'not started before it expired', (q) =>
    q.where('state', 'in', ['pending', 'delivered']).where('expires_at', '<=', now),
  );
  ended += await end('timed_out', 'ran past its timeout', (q) =>
    q.where('state', '=', 'running').where((eb) => eb(eb('started_at', '+', eb('timeout_ms', '+', offlineAfterMs)), '<=', now)),
  );
  ended += await end('lost', 'the agent fell silent or was revoked while it held the command', (q) =>
    q.where('state', 'in', heldStates).where('host_id', 'in', silentHosts),
  );
  ended += await end('cancelled', 'the agent did not confirm the cancellation in time', (q) =>
    q.where('state', 'in', heldStates).where('cancel_deadline', '<=', now),
  );
  return ended;
}

const openUpdate = (tx: Tx) => tx.updateTable('fleet_commands');
