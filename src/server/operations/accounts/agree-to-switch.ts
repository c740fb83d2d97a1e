import * as contracts from '../../../shared/operations/partitions.js';
import { IlotError } from '../../../shared/errors.js';
import { switchAgreementMs } from '../../../domain/partitions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * An account agrees to switch kind: an O account consents to become A, an A account asks to become
 * O. The agreement waits two weeks for the treasurer or a delegate, whose switch consumes it; giving
 * it again renews it. The treasurer, of neither kind, cannot switch.
 */
export const agreeToSwitch = defineOperation({
  ...contracts.agreeToSwitch,
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  async run(_input, { tx, member, now, describe }) {
    if (member.accountKind === null) throw new IlotError('ACCOUNT_KIND_MISMATCH');
    const to: 'O' | 'A' = member.accountKind === 'O' ? 'A' : 'O';
    const expiresAt = now + switchAgreementMs;
    describe(member.accountId, { to });
    const key = { space_id: member.spaceId, account_id: member.accountId };
    await tx.deleteFrom('switch_agreements').where('space_id', '=', key.space_id).where('account_id', '=', key.account_id).execute();
    await tx
      .insertInto('switch_agreements')
      .values({ ...key, to_kind: to, expires_at: expiresAt })
      .execute();
    return { to, expiresAt };
  },
});
