import { IlotError } from '../../../shared/errors.js';
import { idKinds, kindCodeOfId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/avatars.js';
import { insertAvatar } from '../../../domain/avatars.js';
import { replaceKeyring } from '../../../domain/keyring.js';
import { lifetimeEnd } from '../../../domain/lifetime.js';
import { saveSessionAvatars } from '../../auth/sessions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Creates a secondary avatar: the row names no account, only the hash of the avatar's secret, and
 * lives as long as its account signs in. The account's keyring (sent sealed in the same request)
 * lists it, and the session acts as it at once.
 */
export const createAvatar = defineOperation({
  ...contracts.createAvatar,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, space, now, notify }) {
    if (kindCodeOfId(input.id) !== idKinds.avatar)
      throw new IlotError('VALIDATION_FAILED', 'This is not an avatar number.', { field: 'id' });
    const taken = await tx
      .selectFrom('avatars')
      .select('id')
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (taken) throw new IlotError('AVATAR_ID_TAKEN');
    const revision = await replaceKeyring(tx, member, input.keyring, 1);
    // The treasurer's account never expires, nor do its avatars.
    const expiresAt = member.roles.includes('treasurer') ? null : lifetimeEnd(now, space?.lifetime_months ?? 12);
    await insertAvatar(tx, member.spaceId, input, { proofHash: input.proofHash, expiresAt }, now);
    await saveSessionAvatars(tx, member, [...member.avatars, input.id]);
    notify({ spaceId: member.spaceId, subtree: member.accountId, version: revision });
    return { id: input.id, name: input.name, keyringRevision: revision };
  },
});
