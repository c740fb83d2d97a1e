import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/group-notes.js';
import { stopHosting } from '../../../domain/hosting.js';
import { actsAs } from '../../../domain/policies.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The host stops hosting: its account is released of the group's maxima; the group cannot grow until another member hosts it. */
export const unhostGroup = defineOperation({
  ...contracts.unhostGroup,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify }) {
    if (!actsAs(member, input.avatarId)) throw new IlotError('GROUP_NOT_FOUND');
    if (!(await stopHosting(tx, member, input.groupId, input.avatarId, now))) throw new IlotError('GROUP_NOT_HOST');
    notify({ spaceId: member.spaceId, subtree: input.groupId });
    return { hostlessSince: now };
  },
});
