import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeActiveMember, chargeHost, hostCharge, lockHosting } from '../../../domain/hosting.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An active member hosts a group that has no host, or the host changes its maxima: the session's
 * account carries the maxima (checked against its quotas), in this transaction. Maxima below what
 * the group holds are refused.
 */
export const hostGroup = defineOperation({
  ...contracts.hostGroup,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, quota, now, notify }) {
    await authorizeActiveMember(tx, member, input.groupId, input.avatarId);
    const group = await lockHosting(tx, member.spaceId, input.groupId);
    if (!group) throw new IlotError('GROUP_NOT_FOUND');
    if (group.host_avatar_id !== null && group.host_avatar_id !== input.avatarId) throw new IlotError('GROUP_HAS_HOST');
    const held = { notes: group.notes_count, volumeBytes: Number(group.volume_bytes) };
    if (input.maxDocuments < held.notes || input.maxVolumeBytes < held.volumeBytes)
      throw new IlotError('GROUP_MAXIMA_BELOW_USAGE', undefined, held);
    const before = group.host_avatar_id === null ? { documents: 0, volumeBytes: 0 } : hostCharge(group);
    const after = { documents: input.maxDocuments, volumeBytes: input.maxVolumeBytes };
    await chargeHost(tx, member, before, after, quota, now);
    await tx
      .updateTable('groups')
      .set({
        host_avatar_id: input.avatarId,
        max_notes: after.documents,
        max_volume_bytes: after.volumeBytes,
        hostless_since: null,
        hostless_noticed_at: null,
      })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.groupId)
      .execute();
    notify({ spaceId: member.spaceId, subtree: input.groupId });
    return after;
  },
});
