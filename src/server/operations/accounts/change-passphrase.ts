import * as contracts from '../../../shared/operations/accounts.js';
import { accountWithPassphrase } from '../../../domain/accounts.js';
import { claimPrefix, releasePrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Changes the passphrase, given the current one: only the account key's wrapping changes (the
 * client re-wraps it under the new wrap key). Open sessions continue; the old passphrase no longer
 * signs in. The new prefix must be free in the space, unless it is the account's own.
 */
export const changePassphrase = defineOperation({
  ...contracts.changePassphrase,
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  async run(input, { tx, member }) {
    const account = await accountWithPassphrase(tx, member, input.current);
    if (input.next.prefixId !== account.prefix_id) {
      await releasePrefix(tx, member.spaceId, account.prefix_id);
      await claimPrefix(tx, member.spaceId, input.next.prefixId, 'passphrase', account.id);
    }
    await tx
      .updateTable('accounts')
      .set({ prefix_id: input.next.prefixId, auth_hash: hashKey(input.next.authKey), wrapped_account_key: input.next.wrappedAccountKey })
      .where('space_id', '=', member.spaceId)
      .where('id', '=', account.id)
      .execute();
    return { ok: true };
  },
});
