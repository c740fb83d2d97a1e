import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/groups.js';
import { findAvatar } from '../../../domain/notes.js';
import { monthStart } from '../../../domain/lifetime.js';
import { authorize } from '../../../domain/policies.js';
import { takeUsage } from '../../../domain/usage.js';
import { groupChanged } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** An avatar creates a group: its first active member, moderator with every access, host, holding the first key. */
export const createGroup = defineOperation({
  ...contracts.createGroup,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    const spaceId = member.spaceId;
    const groupId = newScopedId(spaceId, 'group');
    const since = monthStart(now);
    await tx
      .insertInto('groups')
      .values({
        space_id: spaceId,
        id: groupId,
        name: input.name,
        card: input.card,
        card_key_version: input.card === null ? null : 1,
        key_version: 1,
        unanimous: input.unanimous ? 1 : 0,
        host_avatar_id: input.avatarId,
        max_notes: null,
        max_volume_bytes: null,
        hostless_since: null,
        created_at: since,
      })
      .execute();
    await tx
      .insertInto('group_members')
      .values({
        space_id: spaceId,
        group_id: groupId,
        avatar_id: input.avatarId,
        state: 'active',
        members_access: 1,
        notes_access: 'write',
        moderator: 1,
        listed_by: null,
        invited_by: null,
        card_key: input.cardKey,
        card_key_version: 1,
        note: null,
        since,
      })
      .execute();
    await tx
      .insertInto('group_keys')
      .values({ space_id: spaceId, group_id: groupId, version: 1, previous_key: null, created_at: since })
      .execute();
    await tx
      .insertInto('group_key_copies')
      .values({ space_id: spaceId, group_id: groupId, avatar_id: input.avatarId, version: 1, sealed_key: input.key })
      .execute();
    // An active participation is a document of the member's account.
    await takeUsage(tx, member, { documents: 1 }, quota, now);
    // The sessions of the avatar read their perimeter again: the group is in it now, and its changes reach them live.
    notify({ spaceId, membershipsOf: input.avatarId });
    return { groupId, version: await groupChanged(tx, spaceId, groupId, notify) };
  },
});
