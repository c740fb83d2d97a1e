import * as contracts from '../../../shared/operations/groups.js';
import { findInvitation, simpleModeVotesOf } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The groups where the session's avatars are active, or invited by every moderator the mode needs,
 * each with the avatar's copy of the current key and the chain of older keys, its rights and its private note.
 */
export const listGroups = defineOperation({
  ...contracts.listGroups,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, member }) {
    const { spaceId } = member;
    const rows = await tx
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (join) => join.onRef('g.space_id', '=', 'm.space_id').onRef('g.id', '=', 'm.group_id'))
      .innerJoin('group_key_copies as k', (join) =>
        join.onRef('k.space_id', '=', 'm.space_id').onRef('k.group_id', '=', 'm.group_id').onRef('k.avatar_id', '=', 'm.avatar_id'),
      )
      .innerJoin('subtree_versions as v', (join) => join.onRef('v.space_id', '=', 'm.space_id').onRef('v.subtree', '=', 'm.group_id'))
      .selectAll('m')
      .select([
        'g.name',
        'g.card',
        'g.card_key_version as group_card_key_version',
        'g.unanimous',
        'g.key_version',
        'g.rotation_due',
        'g.host_avatar_id',
      ])
      .select(['k.sealed_key', 'v.version'])
      .where('m.space_id', '=', spaceId)
      .where('m.avatar_id', 'in', member.avatars)
      .where('m.state', 'in', ['active', 'invited'])
      .orderBy('m.group_id')
      .orderBy('m.avatar_id')
      .execute();
    const groups = [];
    for (const row of rows) {
      const invitation = row.state === 'invited' ? await findInvitation(tx, spaceId, row.group_id, row.avatar_id) : undefined;
      // An invitation waiting for other moderators' votes is not shown to its invitee yet.
      if (row.state === 'invited' && !invitation?.complete) continue;
      const previousKeys = await tx
        .selectFrom('group_keys')
        .select(['version', 'previous_key'])
        .where('space_id', '=', spaceId)
        .where('group_id', '=', row.group_id)
        .where('version', '>', 1)
        .orderBy('version')
        .execute();
      const rights = invitation ?? row;
      groups.push({
        groupId: row.group_id,
        avatarId: row.avatar_id,
        state: row.state as 'active' | 'invited',
        name: row.name,
        card: row.card,
        cardKeyVersion: row.group_card_key_version,
        unanimous: row.unanimous === 1,
        simpleModeVotes: row.unanimous === 1 ? await simpleModeVotesOf(tx, spaceId, row.group_id) : [],
        keyVersion: row.key_version,
        rotationDue: row.rotation_due === 1,
        key: row.sealed_key,
        previousKeys: previousKeys.map((k) => ({ version: k.version, previousKey: k.previous_key! })),
        rights: {
          members: rights.members_access === 1,
          notes: rights.notes_access,
          moderator: rights.moderator === 1,
          membersWaived: row.members_waived === 1,
          notesWaived: row.notes_waived === 1,
        },
        note: row.note,
        hostAvatarId: row.host_avatar_id,
        invitedBy: row.invited_by,
        version: Number(row.version),
      });
    }
    return { groups };
  },
});
