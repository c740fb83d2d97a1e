import * as contracts from '../../../shared/operations/partitions.js';
import { IlotError } from '../../../shared/errors.js';
import { rolesOf } from '../../../domain/accounts.js';
import { accountOfPartition, consumeAgreement, partitionRow } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The treasurer or a delegate of its partition switches an O account to A: it leaves its partition
 * (and its delegate role, which belongs to a partition) and keeps its quotas, now paid by itself.
 * When the space asks for it, the account's consent (account.agreeToSwitch) is needed and consumed.
 */
export const switchToA = defineOperation({
  ...contracts.switchToA,
  access: { plane: 'member', requires: (input) => [{ permission: 'account.switch', partitionId: input.partitionId }] },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.accountId,
  async run({ partitionId, accountId }, { tx, spaceId, now, describe }) {
    describe(accountId, { partitionId });
    await partitionRow(tx, spaceId!, partitionId);
    const account = await accountOfPartition(tx, spaceId!, partitionId, accountId);
    const consented = await consumeAgreement(tx, spaceId!, accountId, 'A', now);
    const { switch_to_a_needs_consent: needsConsent } = await tx
      .selectFrom('spaces')
      .select('switch_to_a_needs_consent')
      .where('id', '=', spaceId!)
      .executeTakeFirstOrThrow();
    if (needsConsent === 1 && !consented) throw new IlotError('SWITCH_CONSENT_REQUIRED');
    await tx
      .updateTable('accounts')
      .set({
        kind: 'A',
        partition_id: null,
        roles: rolesOf(account.roles)
          .filter((r) => r !== 'delegate')
          .join(','),
      })
      .where('space_id', '=', spaceId!)
      .where('id', '=', accountId)
      .execute();
    return { accountId, kind: 'A' as const };
  },
});
