import { IlotError } from '../../../shared/errors.js';
import { isMailAddress } from '../../../shared/mail.js';
import * as contracts from '../../../shared/operations/chats.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer gives (or withdraws) the address where it is told of new urgent items; the server keeps it in clear. */
export const setUrgentAlert = defineOperation({
  ...contracts.setUrgentAlert,
  access: { plane: 'admin', permission: 'chat.urgentAlert' },
  effect: 'write',
  audit: true,
  async run(input, { tx, member, describe }) {
    if (input.alert && !isMailAddress(input.alert.address)) throw new IlotError('MAIL_ADDRESS_INVALID');
    describe(member.accountId, { alert: input.alert !== null });
    await tx
      .updateTable('accounts')
      .set({ alert_address: input.alert?.address ?? null, alert_language: input.alert?.language ?? null })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', member.accountId)
      .execute();
    return { ok: true };
  },
});
