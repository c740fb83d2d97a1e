import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, holdsKey, keyHoldersOf } from '../../../domain/groups.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The holders of the group's key and their public keys, for a holder about to rotate it (ids and keys only: no names, no cards). */
export const keyHolders = defineOperation({
  ...contracts.keyHolders,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member }) {
    const { group, me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    if (!holdsKey(me)) throw new IlotError('GROUP_NOT_FOUND');
    return { keyVersion: group.key_version, holders: await keyHoldersOf(tx, member.spaceId, input.groupId) };
  },
});
