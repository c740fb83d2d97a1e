import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { authorizeActiveMember, hostlessDays } from '../../../domain/hosting.js';
import { defineOperation } from '../../pipeline/operation.js';

const dayMs = 24 * 3600 * 1000;

/** What an active member sees of a group's hosting, the date of its destruction included when it has no host. */
export const showHosting = defineOperation({
  ...contracts.showHosting,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member }) {
    await authorizeActiveMember(tx, member, input.groupId, input.avatarId);
    const group = await tx
      .selectFrom('groups')
      .select(['host_avatar_id', 'max_notes', 'max_volume_bytes', 'notes_count', 'volume_bytes', 'hostless_since', 'hostless_noticed_at'])
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.groupId)
      .executeTakeFirst();
    if (!group) throw new IlotError('GROUP_NOT_FOUND');
    const since = group.hostless_since === null ? null : Number(group.hostless_since);
    return {
      hostAvatarId: group.host_avatar_id,
      maxDocuments: Number(group.max_notes ?? 0),
      maxVolumeBytes: Number(group.max_volume_bytes ?? 0),
      documents: Number(group.notes_count),
      volumeBytes: Number(group.volume_bytes),
      hostlessSince: since,
      destroyedAfter: since === null ? null : since + hostlessDays * dayMs,
      noticedAt: group.hostless_noticed_at === null ? null : Number(group.hostless_noticed_at),
    };
  },
});
