import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Tx } from '../store/database.js';
import { siteSpaceId, type FleetRolloutsTable } from '../store/schema.js';
import { IlotError } from '../shared/errors.js';
import {
  commandView,
  currentBatches,
  defaultExpiryMs,
  defaultTimeoutMs,
  hostIsBusy,
  isEnded,
  queueCommand,
  waitingOf,
  whyPending,
  type CommandRow,
} from './commands.js';
import { isOnline, ownerCodes, type HostRow } from './hosts.js';
import { requireCommandPermission } from './permissions.js';

// Rolling deploys. A rollout deploys a version on the hosts of a label, in batches of at most
// `max_unavailable` hosts (sorted by name). All its deploy commands are queued at once, each with
// its batch; a batch is delivered only when the one before it has succeeded on every host, so the
// pending ones show that they wait for the previous batch. The first batch migrates the database
// (under the migrations' lock, so once); the later ones only check that their version can run on
// it. A deploy that does not succeed stops the rollout: its pending commands are cancelled.

export type RolloutRow = Selectable<FleetRolloutsTable>;

export interface RolloutRequest {
  app: string;
  version: string;
  label: string;
  spaceId: number;
  maxUnavailable: number;
  readySeconds?: number;
  timeoutSeconds?: number;
  issuedBy: string;
}

export async function rolloutById(tx: Tx, id: string): Promise<RolloutRow> {
  const row = await tx.selectFrom('fleet_rollouts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new IlotError('FLEET_ROLLOUT_NOT_FOUND');
  return row;
}

/** Queues the rollout's deploys; returns it with the hosts of its first batch (to wake their agents). */
export async function queueRollout(tx: Tx, request: RolloutRequest, now: number): Promise<{ rollout: RolloutRow; wake: string[] }> {
  const candidates = await tx
    .selectFrom('fleet_hosts')
    .selectAll()
    .where('space_id', '=', request.spaceId)
    .where('revoked_at', 'is', null)
    .orderBy('name')
    .execute();
  const hosts = candidates.filter((host) => (JSON.parse(host.labels) as string[]).includes(request.label));
  if (hosts.length === 0) throw new IlotError('FLEET_ROLLOUT_NO_HOSTS', undefined, { label: request.label });
  for (const host of hosts) await requireCommandPermission(tx, request.issuedBy, request.app, host);
  const overlapping = await tx
    .selectFrom('fleet_commands')
    .innerJoin('fleet_rollouts', 'fleet_rollouts.id', 'fleet_commands.rollout_id')
    .select('fleet_rollouts.id')
    .where('fleet_rollouts.state', '=', 'running')
    .where(
      'fleet_commands.host_id',
      'in',
      hosts.map((h) => h.id),
    )
    .executeTakeFirst();
  if (overlapping) throw new IlotError('FLEET_ROLLOUT_BUSY', undefined, { rollout: overlapping.id });

  const batches = Math.ceil(hosts.length / request.maxUnavailable);
  const rollout: RolloutRow = {
    id: randomBytes(12).toString('base64url'),
    space_id: request.spaceId,
    app: request.app,
    version: request.version,
    label: request.label,
    max_unavailable: request.maxUnavailable,
    state: 'running',
    current_batch: 1,
    batches,
    reason: null,
    issued_by: request.issuedBy,
    created_at: now,
    ended_at: null,
  };
  await tx.insertInto('fleet_rollouts').values(rollout).execute();
  for (const [index, host] of hosts.entries()) {
    const batch = Math.floor(index / request.maxUnavailable) + 1;
    await queueCommand(
      tx,
      {
        id: `${rollout.id}-${index + 1}`,
        host,
        spec: {
          type: 'deploy',
          app: request.app,
          version: request.version,
          migrate: batch === 1,
          ...(request.readySeconds ? { readySeconds: request.readySeconds } : {}),
        },
        issuedBy: request.issuedBy,
        timeoutMs: (request.timeoutSeconds ?? defaultTimeoutMs / 1000) * 1000,
        expiresAt: now + defaultExpiryMs,
        rollout: { id: rollout.id, batch },
      },
      now,
    );
  }
  return { rollout, wake: hosts.slice(0, request.maxUnavailable).map((h) => h.id) };
}

/**
 * Stops a running rollout: its pending deploys are cancelled with the reason. Deploys an agent
 * already runs are left to it here (one that fails rolls its host back by itself); a cancelled
 * rollout also asks them to stop (rollout-cancel.ts), and their agents roll their hosts back.
 */
export async function stopRollout(tx: Tx, rollout: RolloutRow, state: 'failed' | 'cancelled', reason: string, now: number) {
  await tx
    .updateTable('fleet_rollouts')
    .set({ state, reason, ended_at: now })
    .where('id', '=', rollout.id)
    .where('state', '=', 'running')
    .execute();
  await tx
    .updateTable('fleet_commands')
    .set({ state: 'cancelled', ended_at: now, error: `the rollout stopped: ${reason}` })
    .where('rollout_id', '=', rollout.id)
    .where('state', '=', 'pending')
    .execute();
  return { ...rollout, state, reason, ended_at: now };
}

/**
 * Moves a running rollout on after its commands changed: a deploy that ended without success
 * stops it; a batch that succeeded on every host opens the next one, or ends the rollout.
 * Returns the hosts of the batch it opened (to wake their agents).
 */
export async function advanceRollout(tx: Tx, id: string, now: number): Promise<string[]> {
  const rollout = await tx.selectFrom('fleet_rollouts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!rollout || rollout.state !== 'running') return [];
  const commands = await tx
    .selectFrom('fleet_commands')
    .innerJoin('fleet_hosts', 'fleet_hosts.id', 'fleet_commands.host_id')
    .select(['fleet_commands.state', 'fleet_commands.error', 'fleet_commands.batch', 'fleet_hosts.id as hostId', 'fleet_hosts.name'])
    .where('fleet_commands.rollout_id', '=', id)
    .execute();
  const failed = commands.find((c) => isEnded(c.state) && c.state !== 'succeeded');
  if (failed) {
    const reason = `${failed.name}: deploy ${failed.state}${failed.error ? ` (${failed.error})` : ''}`;
    await stopRollout(tx, rollout, 'failed', reason, now);
    return [];
  }
  let batch = rollout.current_batch;
  while (batch <= rollout.batches && commands.filter((c) => c.batch === batch).every((c) => c.state === 'succeeded')) batch++;
  if (batch === rollout.current_batch) return [];
  const done = batch > rollout.batches;
  await tx
    .updateTable('fleet_rollouts')
    .set({ current_batch: batch, ...(done ? { state: 'succeeded' as const, ended_at: now } : {}) })
    .where('id', '=', id)
    .execute();
  return done ? [] : commands.filter((c) => c.batch === batch).map((c) => c.hostId);
}

/** Moves on every running rollout (after the reaper ended commands). */
export async function advanceRunningRollouts(tx: Tx, now: number): Promise<void> {
  const running = await tx.selectFrom('fleet_rollouts').select('id').where('state', '=', 'running').execute();
  for (const { id } of running) await advanceRollout(tx, id, now);
}

/** A rollout as operators see it: its batches, and per host its deploy, whether its agent is heard from, and its version. */
export async function rolloutView(tx: Tx, rollout: RolloutRow, now: number, offlineAfterMs: number) {
  const rows = await tx
    .selectFrom('fleet_commands')
    .selectAll()
    .where('rollout_id', '=', rollout.id)
    .orderBy('batch')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const hosts = new Map<string, HostRow>();
  for (const host of await tx
    .selectFrom('fleet_hosts')
    .selectAll()
    .where(
      'id',
      'in',
      rows.map((r) => r.host_id),
    )
    .execute())
    hosts.set(host.id, host);
  const batches = await currentBatches(tx, rows);
  const entry = async (row: CommandRow) => {
    const host = hosts.get(row.host_id)!;
    const reason = row.state === 'pending' ? whyPending(host, await hostIsBusy(tx, host.id), now, offlineAfterMs) : null;
    return {
      host: host.name,
      online: isOnline(host, now, offlineAfterMs),
      agentVersion: host.agent_version,
      command: commandView(row, host.name, waitingOf(row, reason, batches)),
    };
  };
  const view = [];
  for (let batch = 1; batch <= rollout.batches; batch++)
    view.push({ batch, hosts: await Promise.all(rows.filter((r) => r.batch === batch).map(entry)) });
  return { ...rolloutSummary(rollout, await ownerCodes(tx, [rollout.space_id])), batches: view };
}

/** A rollout without its hosts (`batchCount` is how many batches it has). */
export function rolloutSummary(rollout: RolloutRow, owners: Map<number, string>) {
  return {
    id: rollout.id,
    app: rollout.app,
    version: rollout.version,
    label: rollout.label,
    owner: rollout.space_id === siteSpaceId ? null : (owners.get(rollout.space_id) ?? null),
    maxUnavailable: rollout.max_unavailable,
    state: rollout.state,
    currentBatch: rollout.current_batch,
    batchCount: rollout.batches,
    reason: rollout.reason,
    issuedBy: rollout.issued_by,
    createdAt: rollout.created_at,
    endedAt: rollout.ended_at,
  };
}
