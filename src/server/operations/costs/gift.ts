import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/costs.js';
import { addToBalance, balanceOf } from '../../../domain/costs.js';
import { defineOperation } from '../../pipeline/operation.js';

/** An A account gives part of its balance to another A account, named by its primary avatar. */
export const giveToAccount = defineOperation({
  ...contracts.giveToAccount,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member }) {
    const amount = input.amountCents * 1000;
    const mine = await balanceOf(tx, member.spaceId, member.accountId);
    if (!mine) throw new IlotError('ACCOUNT_NOT_A');
    // Only a primary avatar names its account; a secondary one names none.
    const avatar = await tx
      .selectFrom('avatars')
      .select('account_id')
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.avatarId)
      .where('is_primary', '=', 1)
      .executeTakeFirst();
    if (!avatar?.account_id) throw new IlotError('AVATAR_NOT_FOUND');
    if (avatar.account_id === member.accountId) throw new IlotError('GIFT_TO_SELF');
    if (mine.balance < amount) throw new IlotError('BALANCE_TOO_LOW');
    await addToBalance(tx, member.spaceId, avatar.account_id, 'gifts', amount);
    return { balance: await addToBalance(tx, member.spaceId, member.accountId, 'gifts', -amount) };
  },
});
