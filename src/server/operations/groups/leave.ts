import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, dropKeyHolder, groupChanged, hasActiveMember, noRights, purgeGroupKind, updateMember } from '../../../domain/groups.js';
import { stopHosting } from '../../../domain/hosting.js';
import { monthStart } from '../../../domain/lifetime.js';
import { addUsage } from '../../../domain/usage.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An active member steps back to listed contact, or asks to be forgotten (nobody may list it
 * again). It holds the key no more; its participation leaves its account's documents; a host
 * stops hosting. A group left without an active member is purged by a deferred task.
 */
export const leave = defineOperation({
  ...contracts.leave,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify, defer }) {
    const { spaceId } = member;
    await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    await updateMember(tx, spaceId, input.groupId, input.avatarId, {
      ...noRights,
      state: input.forget ? 'forgotten' : 'listed',
      forgotten_by_self: input.forget ? 1 : 0,
      invited_by: null,
      since: monthStart(now),
    });
    await dropKeyHolder(tx, spaceId, input.groupId, input.avatarId);
    await stopHosting(tx, member, input.groupId, input.avatarId, now);
    await addUsage(tx, member, { documents: -1 }, now);
    if (!(await hasActiveMember(tx, spaceId, input.groupId))) await defer({ kind: purgeGroupKind, spaceId, target: input.groupId });
    notify({ spaceId, membershipsOf: input.avatarId });
    return { version: await groupChanged(tx, spaceId, input.groupId, notify) };
  },
});
