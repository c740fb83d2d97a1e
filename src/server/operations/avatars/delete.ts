import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/avatars.js';
import { findAvatar } from '../../../domain/avatars.js';
import { countedChats } from '../../../domain/chats.js';
import { abandonUploads } from '../../../domain/files.js';
import { removeFromGroups } from '../../../domain/group-departure.js';
import { releasePrefix } from '../../../domain/phrases.js';
import { authorize } from '../../../domain/policies.js';
import { replaceKeyring } from '../../../domain/keyring.js';
import { addUsage } from '../../../domain/usage.js';
import { saveSessionAvatars } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Deletes a secondary avatar the session acts as: it disappears at once (with its contact phrase),
 * the keyring sent with the request no longer lists it, it leaves its groups; its data and the
 * contacts' side are purged later by the task engine.
 */
export const deleteAvatar = defineOperation({
  ...contracts.deleteAvatar,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, defer, notify }) {
    const avatar = authorize(member, 'delete', 'avatar', await findAvatar(tx, member.spaceId, input.avatarId));
    if (avatar.is_primary === 1) throw new IlotError('AVATAR_PRIMARY');
    // Of concurrent deletions, one deletes the avatar and releases its usage; the others find it missing.
    const deleted = await tx.deleteFrom('avatars').where('space_id', '=', member.spaceId).where('id', '=', avatar.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1) throw new IlotError('AVATAR_NOT_FOUND');
    const keyringRevision = await replaceKeyring(tx, member, input.keyring, -1);
    if (avatar.contact_prefix_id) await releasePrefix(tx, member.spaceId, avatar.contact_prefix_id);
    // Its notes, files and chats are purged later, but stop counting against the account now.
    const { n: notes } = await tx
      .selectFrom('notes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('space_id', '=', member.spaceId)
      .where('subtree', '=', avatar.id)
      .executeTakeFirstOrThrow();
    const { bytes } = await tx
      .selectFrom('files')
      .select((eb) => eb.fn.sum<number | null>('size').as('bytes'))
      .where('space_id', '=', member.spaceId)
      .where('subtree', '=', avatar.id)
      .executeTakeFirstOrThrow();
    // It leaves its groups at once: its participations and any group it hosted stop counting too.
    const groups = await removeFromGroups(tx, member.spaceId, avatar.id, now);
    const documents = Number(notes) + (await countedChats(tx, member.spaceId, avatar.id)) + groups.released.documents;
    const volumeBytes = Number(bytes) + groups.released.volumeBytes;
    if (documents > 0 || volumeBytes > 0) await addUsage(tx, member, { documents: -documents, volumeBytes: -volumeBytes }, now);
    for (const { groupId, version } of groups.changed) notify({ spaceId: member.spaceId, subtree: groupId, version });
    await abandonUploads(
      tx,
      member.spaceId,
      await tx.selectFrom('uploads').selectAll().where('space_id', '=', member.spaceId).where('subtree', '=', avatar.id).execute(),
      now,
    );
    await defer({ kind: 'purge.avatar', spaceId: member.spaceId, target: avatar.id });
    await saveSessionAvatars(
      tx,
      member,
      member.avatars.filter((id) => id !== avatar.id),
    );
    notify({ spaceId: member.spaceId, subtree: member.accountId, version: keyringRevision });
    return { ok: true, keyringRevision };
  },
});
