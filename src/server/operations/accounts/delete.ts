import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/accounts.js';
import { accountWithPassphrase, rolesOf } from '../../../domain/accounts.js';
import { removeAccounts } from '../../../domain/account-removal.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Deletes the member's account, given its passphrase, once it has no secondary avatar left (the
 * treasurer's cannot be deleted). The account, its primary avatar, its phrases and its sessions go
 * at once; its notes, files and the contacts' side are purged later by the task engine.
 */
export const deleteAccount = defineOperation({
  ...contracts.deleteAccount,
  access: { plane: 'member' },
  effect: 'write',
  audit: true,
  checksCredentials: true,
  async run(input, { tx, member, now, describe, notify }) {
    const account = await accountWithPassphrase(tx, member, input.passphrase);
    describe(account.id);
    if (rolesOf(account.roles).includes('treasurer')) throw new IlotError('TREASURER_UNDELETABLE');
    // The server cannot tell which avatars are the account's, only how many its keyring holds.
    if (account.secondary_avatars > 0) throw new IlotError('AVATARS_REMAIN', undefined, { remaining: account.secondary_avatars });
    await removeAccounts(tx, [account], now);
    notify({ spaceId: member.spaceId, endedAccount: account.id });
    return { ok: true };
  },
});
