import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { hostCharge, lockHosting } from '../../../domain/hosting.js';
import { actsAs } from '../../../domain/policies.js';
import { addUsage } from '../../../domain/usage.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The host stops hosting: its account is released of the group's maxima; the group cannot grow until another member hosts it. */
export const unhostGroup = defineOperation({
  ...contracts.unhostGroup,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const group = await lockHosting(tx, member.spaceId, input.groupId);
    if (!group || !actsAs(member, input.avatarId)) throw new IlotError('GROUP_NOT_FOUND');
    if (group.host_avatar_id !== input.avatarId) throw new IlotError('GROUP_NOT_HOST');
    const charge = hostCharge(group);
    await addUsage(tx, member, { documents: -charge.documents, volumeBytes: -charge.volumeBytes }, now);
    // The maxima stay: the next host starts from them.
    await tx
      .updateTable('groups')
      .set({ host_avatar_id: null, hostless_since: now, hostless_noticed_at: null })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.groupId)
      .execute();
    notify({ spaceId: member.spaceId, subtree: input.groupId });
    return { hostlessSince: now };
  },
});
