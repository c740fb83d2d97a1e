import type { Tx } from '../store/database.js';
import { dropKeyHolder, endInvitation, hasActiveMember, holdsKey, purgeGroupKind } from './groups.js';
import { releaseHost } from './hosting.js';
import { deferTasks } from './task-queue.js';
import type { Usage } from './usage.js';
import { nextVersion } from './versions.js';

/**
 * Takes a deleted avatar out of every group that knows it: its invitation and its votes go, it holds
 * the key no more (the next write rotates it), a group it hosted is hostless from now, and a group
 * left without an active member is purged. Run where the avatar is deleted, whose session releases
 * what its account counted (returned: active participations and hosted maxima), and again by the
 * avatar's purge, for avatars that expired or went with their account.
 */
export async function removeFromGroups(
  tx: Tx,
  spaceId: number,
  avatarId: string,
  now: number,
): Promise<{ released: Usage; changed: { groupId: string; version: number }[] }> {
  const rows = await tx.selectFrom('group_members').selectAll().where('space_id', '=', spaceId).where('avatar_id', '=', avatarId).execute();
  const released = { documents: 0, volumeBytes: 0 };
  const changed: { groupId: string; version: number }[] = [];
  const abandoned: string[] = [];
  for (const row of rows) {
    const groupId = row.group_id;
    const charge = await releaseHost(tx, spaceId, groupId, avatarId, now);
    released.documents += (charge?.documents ?? 0) + (row.state === 'active' ? 1 : 0);
    released.volumeBytes += charge?.volumeBytes ?? 0;
    if (holdsKey(row)) await dropKeyHolder(tx, spaceId, groupId, avatarId);
    await endInvitation(tx, spaceId, groupId, avatarId);
    for (const table of ['group_votes', 'group_mode_votes'] as const)
      await tx
        .deleteFrom(table)
        .where('space_id', '=', spaceId)
        .where('group_id', '=', groupId)
        .where('moderator_id', '=', avatarId)
        .execute();
    await tx
      .deleteFrom('group_members')
      .where('space_id', '=', spaceId)
      .where('group_id', '=', groupId)
      .where('avatar_id', '=', avatarId)
      .execute();
    changed.push({ groupId, version: await nextVersion(tx, spaceId, groupId) });
    if (!(await hasActiveMember(tx, spaceId, groupId))) abandoned.push(groupId);
  }
  await deferTasks(
    tx,
    abandoned.map((groupId) => ({ kind: purgeGroupKind, spaceId, target: groupId })),
    now,
  );
  return { released, changed };
}
