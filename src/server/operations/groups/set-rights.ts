import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, dropKeyHolder, groupChanged, holdsKey, knownMember, requireModerator, updateMember } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * A moderator grants or withdraws an active member's accesses, or grants it moderator power, which
 * is never withdrawn. A moderator changes its own rights, never another moderator's. A member left
 * without any access holds the key no more (the next write needs a rotated key); one who gains an
 * access back receives the current key.
 */
export const setRights = defineOperation({
  ...contracts.setRights,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, notify }) {
    const { spaceId } = member;
    const { group, me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireModerator(me);
    const target = await knownMember(tx, spaceId, input.groupId, input.memberId);
    if (target.state !== 'active') throw new IlotError('GROUP_MEMBER_NOT_ACTIVE');
    if (target.moderator === 1 && target.avatar_id !== me.avatar_id) throw new IlotError('GROUP_MODERATOR_PROTECTED');
    const next = {
      state: target.state,
      members_access: input.members === undefined ? target.members_access : input.members ? 1 : 0,
      notes_access: input.notes ?? target.notes_access,
      moderator: input.moderator ? 1 : target.moderator,
    };
    const held = holdsKey(target);
    if (held && !holdsKey(next)) await dropKeyHolder(tx, spaceId, input.groupId, input.memberId);
    if (!held && holdsKey(next)) {
      if (!input.key) throw new IlotError('GROUP_KEY_HOLDERS_MISMATCH', undefined, { missing: [input.memberId], extra: [] });
      if (input.key.version !== group.key_version) throw new IlotError('GROUP_KEY_STALE', undefined, { keyVersion: group.key_version });
      await tx
        .insertInto('group_key_copies')
        .values({
          space_id: spaceId,
          group_id: input.groupId,
          avatar_id: input.memberId,
          version: group.key_version,
          sealed_key: input.key.key,
        })
        .execute();
    }
    await updateMember(tx, spaceId, input.groupId, input.memberId, next);
    return { version: await groupChanged(tx, spaceId, input.groupId, notify) };
  },
});
