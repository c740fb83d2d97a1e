import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/groups.js';
import { actingIn, groupChanged, holdsKey, keyHoldersOf } from '../../../domain/groups.js';
import { monthStart } from '../../../domain/lifetime.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * A holder rotates the group key: the next version, holding the current key sealed under it, and
 * the new key sealed for exactly the current holders — a copy missing for one of them, or made for
 * anyone else (a departed member), is refused. The old copies go: from now on a departed member
 * holds no key of what is written.
 */
export const rotateKey = defineOperation({
  ...contracts.rotateKey,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const { spaceId } = member;
    const { group, me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    if (!holdsKey(me)) throw new IlotError('GROUP_NOT_FOUND');
    if (input.version !== group.key_version + 1) throw new IlotError('GROUP_KEY_STALE', undefined, { keyVersion: group.key_version });
    const holders = new Set((await keyHoldersOf(tx, spaceId, input.groupId)).map((h) => h.avatarId));
    const given = new Set(input.copies.map((c) => c.avatarId));
    const missing = [...holders].filter((h) => !given.has(h));
    const extra = [...given].filter((g) => !holders.has(g));
    if (missing.length || extra.length || given.size !== input.copies.length)
      throw new IlotError('GROUP_KEY_HOLDERS_MISMATCH', undefined, { missing, extra });
    await tx
      .insertInto('group_keys')
      .values({
        space_id: spaceId,
        group_id: input.groupId,
        version: input.version,
        previous_key: input.previousKey,
        created_at: monthStart(now),
      })
      .execute();
    await tx.deleteFrom('group_key_copies').where('space_id', '=', spaceId).where('group_id', '=', input.groupId).execute();
    await tx
      .insertInto('group_key_copies')
      .values(
        input.copies.map((c) => ({
          space_id: spaceId,
          group_id: input.groupId,
          avatar_id: c.avatarId,
          version: input.version,
          sealed_key: c.key,
        })),
      )
      .execute();
    await tx
      .updateTable('groups')
      .set({ key_version: input.version, rotation_due: 0 })
      .where('space_id', '=', spaceId)
      .where('id', '=', input.groupId)
      .execute();
    return { version: await groupChanged(tx, spaceId, input.groupId, notify) };
  },
});
