import { IlotError } from '../../../shared/errors.js';
import { groupMaxHolders } from '../../../shared/limits.js';
import * as contracts from '../../../shared/operations/groups.js';
import { findContact } from '../../../domain/contacts.js';
import { actingIn, findMember, groupChanged, requireMembersAccess, updateMember } from '../../../domain/groups.js';
import { monthStart } from '../../../domain/lifetime.js';
import { defineOperation } from '../../pipeline/operation.js';

/** An active member with access to members lists one of its contacts in the group; the contact does not know it. */
export const listContact = defineOperation({
  ...contracts.listContact,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    const { spaceId } = member;
    const { me } = await actingIn(tx, member, input.groupId, input.avatarId, 'act');
    requireMembersAccess(me);
    if (!(await findContact(tx, spaceId, input.avatarId, input.contactId))) throw new IlotError('CONTACT_NOT_FOUND');
    const known = await findMember(tx, spaceId, input.groupId, input.contactId);
    if (known?.forgotten_by_self) throw new IlotError('GROUP_MEMBER_FORGOTTEN');
    if (known && known.state !== 'forgotten') throw new IlotError('GROUP_MEMBER_EXISTS');
    const listed = { state: 'listed' as const, listed_by: input.avatarId, invited_by: null, since: monthStart(now) };
    if (known) await updateMember(tx, spaceId, input.groupId, input.contactId, listed);
    else {
      const { count } = await tx
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('space_id', '=', spaceId)
        .where('group_id', '=', input.groupId)
        .where('state', '<>', 'forgotten')
        .executeTakeFirstOrThrow();
      if (Number(count) >= groupMaxHolders) throw new IlotError('GROUP_FULL', undefined, { max: groupMaxHolders });
      await tx
        .insertInto('group_members')
        .values({
          space_id: spaceId,
          group_id: input.groupId,
          avatar_id: input.contactId,
          card_key: null,
          card_key_version: null,
          note: null,
          ...listed,
        })
        .execute();
    }
    return { version: await groupChanged(tx, spaceId, input.groupId, notify) };
  },
});
