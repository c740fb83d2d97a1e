import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, moderatorsOf, requireMembersAccess } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The members of a group as an active member with access to members sees them: listed contacts,
 * invitees and active members with their rights; active members' cards (sealed, with their card
 * keys sealed under the group key); pending invitations with the moderators who agreed.
 */
export const listMembers = defineOperation({
  ...contracts.listMembers,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member }) {
    const { spaceId } = member;
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireMembersAccess(me);
    const rows = await tx
      .selectFrom('group_members as m')
      .innerJoin('avatars as a', (join) => join.onRef('a.space_id', '=', 'm.space_id').onRef('a.id', '=', 'm.avatar_id'))
      .selectAll('m')
      .select(['a.name', 'a.ecdh_public_key', 'a.card'])
      .where('m.space_id', '=', spaceId)
      .where('m.group_id', '=', input.groupId)
      .where('m.state', '<>', 'forgotten')
      .orderBy('m.avatar_id')
      .execute();
    const invitations = await tx
      .selectFrom('group_invitations')
      .selectAll()
      .where('space_id', '=', spaceId)
      .where('group_id', '=', input.groupId)
      .orderBy('avatar_id')
      .execute();
    const votes = await tx
      .selectFrom('group_votes')
      .select(['avatar_id', 'moderator_id'])
      .where('space_id', '=', spaceId)
      .where('group_id', '=', input.groupId)
      .orderBy('moderator_id')
      .execute();
    const moderators = await moderatorsOf(tx, spaceId, input.groupId);
    return {
      members: rows.map((m) => {
        const active = m.state === 'active';
        return {
          avatarId: m.avatar_id,
          name: m.name,
          ecdhPublicKey: m.ecdh_public_key,
          state: m.state as 'listed' | 'invited' | 'active',
          members: m.members_access === 1,
          notes: m.notes_access,
          moderator: m.moderator === 1,
          membersWaived: m.members_waived === 1,
          notesWaived: m.notes_waived === 1,
          listedBy: m.listed_by,
          invitedBy: m.invited_by,
          card: active ? m.card : null,
          cardKey: active ? m.card_key : null,
          cardKeyVersion: active ? m.card_key_version : null,
        };
      }),
      invitations: invitations.map((i) => {
        const agreed = votes.filter((v) => v.avatar_id === i.avatar_id).map((v) => v.moderator_id);
        return {
          avatarId: i.avatar_id,
          invitedBy: i.invited_by,
          members: i.members_access === 1,
          notes: i.notes_access,
          moderator: i.moderator === 1,
          unanimous: i.unanimous === 1,
          votes: agreed,
          complete: i.unanimous === 0 || moderators.every((m) => agreed.includes(m)),
        };
      }),
    };
  },
});
