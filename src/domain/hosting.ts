import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { findMember, purgeGroupKind } from './groups.js';
import { authorize } from './policies.js';
import { deferTasks } from './task-queue.js';
import type { Member } from './principal.js';
import { addUsage, takeUsage, type QuotaUse, type Usage, type UsageOwner } from './usage.js';

// The host of a group: the member whose account carries the group's notes and file volume. Its
// account is charged the maxima it sets for the group, by its own session (when it starts hosting
// or changes them) and released when it stops: the server never learns which account holds the
// host's avatar from anyone else's request, so a member's write cannot charge it. The group's own
// figures (notes_count, volume_bytes, in clear on the group's row) are what a write adds to, in its
// transaction, checked against the maxima; without a host nothing in the group can grow.

/** Days a group may stay without a host before the daily task destroys it. */
export const hostlessDays = 90;
/** Days before its destruction that a hostless group's members are told. */
export const hostlessNoticeDays = 10;

/** What a group's growth adds: notes and bytes of files (negative to release). */
export interface GroupGrowth {
  notes?: number;
  volumeBytes?: number;
}

/**
 * Adds to what a group holds, in the caller's transaction, and refuses (GROUP_HOSTLESS,
 * GROUP_MAXIMUM_REACHED, rolling back) a growth of a group without a host or past its maxima. The update takes
 * the group's row first, so concurrent writers take turns and together cannot pass the maxima.
 */
export async function growGroup(tx: Tx, spaceId: number, groupId: string, growth: GroupGrowth): Promise<void> {
  const notes = growth.notes ?? 0;
  const volume = growth.volumeBytes ?? 0;
  const row = await tx
    .updateTable('groups')
    .set((eb) => ({ notes_count: eb('notes_count', '+', notes), volume_bytes: eb('volume_bytes', '+', volume) }))
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .returning(['host_avatar_id', 'max_notes', 'max_volume_bytes', 'notes_count', 'volume_bytes'])
    .executeTakeFirst();
  if (!row) throw new IlotError('GROUP_NOT_FOUND');
  if (notes <= 0 && volume <= 0) return;
  if (row.host_avatar_id === null) throw new IlotError('GROUP_HOSTLESS');
  checkGroupFits(row, { notes, volumeBytes: volume }, 0);
}

/** The figures and maxima of a group, as its row holds them. */
export interface GroupFigures {
  max_notes: number | null;
  max_volume_bytes: number | string | null;
  notes_count: number;
  volume_bytes: number | string;
}

/** Refuses (GROUP_MAXIMUM_REACHED) a growth past the group's maxima; `before`: 1 when the figures do not count it yet, 0 when they do. */
export function checkGroupFits(row: GroupFigures, growth: GroupGrowth, before: 0 | 1): void {
  const measures = [
    ['notes', Number(row.notes_count), row.max_notes, growth.notes ?? 0],
    ['volumeBytes', Number(row.volume_bytes), row.max_volume_bytes, growth.volumeBytes ?? 0],
  ] as const;
  for (const [measure, count, max, requested] of measures) {
    const used = count - (before ? 0 : requested);
    // Maxima never set (a new group) are none: the host sets them, and its account carries them, before the group holds anything.
    if (requested > 0 && used + requested > Number(max ?? 0))
      throw new IlotError('GROUP_MAXIMUM_REACHED', undefined, { [measure]: { used, max: Number(max ?? 0) }, requested });
  }
}

/**
 * A group's host and figures (undefined: no such group), its row taken for the caller's
 * transaction: concurrent changes of its host take turns, each seeing what the previous one left.
 */
export function lockHosting(tx: Tx, spaceId: number, groupId: string) {
  return tx
    .updateTable('groups')
    .set((eb) => ({ notes_count: eb.ref('notes_count') }))
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .returning(['id', 'host_avatar_id', 'max_notes', 'max_volume_bytes', 'notes_count', 'volume_bytes', 'hostless_since'])
    .executeTakeFirst();
}

/** What a host's account carries for a group: its maxima as documents and volume. */
export const hostCharge = (maxima: { max_notes: number | null; max_volume_bytes: number | string | null }): Usage => ({
  documents: Number(maxima.max_notes ?? 0),
  volumeBytes: Number(maxima.max_volume_bytes ?? 0),
});

/**
 * Moves the charge of a group on the host's account from `before` to `after` (both the maxima the
 * account carries), in the host session's transaction: a rise is checked against the account's
 * quotas (QUOTA_EXCEEDED), a fall released.
 */
export async function chargeHost(
  tx: Tx,
  host: UsageOwner,
  before: Usage,
  after: Usage,
  quota: QuotaUse | null,
  now: number,
): Promise<void> {
  const change = { documents: after.documents - before.documents, volumeBytes: after.volumeBytes - before.volumeBytes };
  if (change.documents > 0 || change.volumeBytes > 0) await takeUsage(tx, host, change, quota, now);
  else if (change.documents < 0 || change.volumeBytes < 0) await addUsage(tx, host, change, now);
}

/** Refuses (GROUP_HOSTLESS, GROUP_MAXIMUM_REACHED) a growth a group could not take now; takes nothing (a reservation before an upload). */
export async function checkGroupGrowth(tx: Tx, spaceId: number, groupId: string, growth: GroupGrowth): Promise<void> {
  const row = await tx
    .selectFrom('groups')
    .select(['host_avatar_id', 'max_notes', 'max_volume_bytes', 'notes_count', 'volume_bytes'])
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!row) throw new IlotError('GROUP_NOT_FOUND');
  if (row.host_avatar_id === null) throw new IlotError('GROUP_HOSTLESS');
  checkGroupFits(row, growth, 1);
}

/** Refuses (GROUP_NOT_FOUND, like a missing group) an avatar the session does not act as, or that is not an active member of the group. */
export async function authorizeActiveMember(tx: Tx, member: Member, groupId: string, avatarId: string): Promise<void> {
  const membership = await findMember(tx, member.spaceId, groupId, avatarId);
  authorize(member, 'act', 'group', membership && { id: groupId, avatarId, state: membership.state });
}

/**
 * Destroys a group: its row and its members go in the caller's transaction (so it leaves every
 * perimeter at once), the rest through a `purge.group` task queued with it.
 */
export async function destroyGroup(tx: Tx, spaceId: number, groupId: string, now: number): Promise<void> {
  await tx.deleteFrom('group_members').where('space_id', '=', spaceId).where('group_id', '=', groupId).execute();
  await tx.deleteFrom('groups').where('space_id', '=', spaceId).where('id', '=', groupId).execute();
  await deferTasks(tx, [{ kind: purgeGroupKind, spaceId, target: groupId }], now);
}

/**
 * If this avatar hosts the group, it stops, in its own session's transaction: its account is
 * released of the maxima, and the group is hostless from now. Returns whether it was the host. A
 * host that leaves the group goes through here too.
 */
export async function stopHosting(tx: Tx, host: Member, groupId: string, avatarId: string, now: number): Promise<boolean> {
  const charge = await releaseHost(tx, host.spaceId, groupId, avatarId, now);
  if (charge) await addUsage(tx, host, { documents: -charge.documents, volumeBytes: -charge.volumeBytes }, now);
  return charge !== null;
}

/** If this avatar hosts the group, the group is hostless from now; returns the charge its account carried (null: not the host). */
export async function releaseHost(tx: Tx, spaceId: number, groupId: string, avatarId: string, now: number): Promise<Usage | null> {
  const group = await lockHosting(tx, spaceId, groupId);
  if (!group || group.host_avatar_id !== avatarId) return null;
  // The maxima stay: the next host starts from them.
  await tx
    .updateTable('groups')
    .set({ host_avatar_id: null, hostless_since: now, hostless_noticed_at: null })
    .where('space_id', '=', spaceId)
    .where('id', '=', groupId)
    .execute();
  return hostCharge(group);
}
