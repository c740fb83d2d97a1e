import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/costs.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer or a delegate of the account's partition sets an O account's monthly consumption limit. */
export const setConsumptionLimit = defineOperation({
  ...contracts.setConsumptionLimit,
  access: { plane: 'member', requires: (input) => [{ permission: 'costs.limit', partitionId: input.partitionId }] },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId,
  async run(input, { tx, member, describe }) {
    describe(input.accountId, { limit: input.limit });
    const account = await tx
      .selectFrom('accounts')
      .select(['kind', 'partition_id'])
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.accountId)
      .executeTakeFirst();
    // An account of another partition is not found from this one: a delegate learns nothing of it.
    if (!account || account.partition_id !== input.partitionId) throw new IlotError('ACCOUNT_NOT_FOUND');
    if (account.kind === 'A') throw new IlotError('ACCOUNT_NOT_O');
    await tx
      .updateTable('accounts')
      .set({ consumption_limit: input.limit })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', input.accountId)
      .execute();
    return { ok: true };
  },
});
