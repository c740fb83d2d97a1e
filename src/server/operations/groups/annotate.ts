import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, updateMember } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** An active member sets (or erases) its private comment and hashtags on the group, sealed by its client. */
export const annotate = defineOperation({
  ...contracts.annotate,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member }) {
    await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    await updateMember(tx, member.spaceId, input.groupId, input.avatarId, { note: input.note });
    return { ok: true };
  },
});
