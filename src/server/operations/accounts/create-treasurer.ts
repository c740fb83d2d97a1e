import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/accounts.js';
import { insertAccount } from '../../../domain/accounts.js';
import { insertAvatar } from '../../../domain/avatars.js';
import { claimPrefix } from '../../../domain/phrases.js';
import { hashKey } from '../../../domain/secrets.js';
import { treasurerSponsorship } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Public: creates the treasurer's account in one operation — account, key material made by the
 * client (account key wrapped under the passphrase, space key wrapped under the account key),
 * primary avatar "Treasurer" with its public keys — and uses up the sponsorship.
 */
export const createTreasurer = defineOperation({
  ...contracts.createTreasurer,
  access: { plane: 'public' },
  effect: 'growth',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId, now }) {
    const sponsorship = await treasurerSponsorship(tx, spaceId, input.sponsorship);
    const space = sponsorship.space_id;
    const accountId = newScopedId(space, 'account');
    // Conditional: of two concurrent uses of one sponsorship, the second updates nothing.
    const used = await tx
      .updateTable('sponsorships')
      .set({ used_at: now })
      .where('space_id', '=', space)
      .where('id', '=', sponsorship.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new IlotError('SPONSORSHIP_INVALID');
    await claimPrefix(tx, space, input.account.prefixId, 'passphrase', accountId);
    await insertAccount(tx, {
      space_id: space,
      id: accountId,
      prefix_id: input.account.prefixId,
      auth_hash: hashKey(input.account.authKey),
      roles: 'treasurer',
      wrapped_account_key: input.account.wrappedAccountKey,
      wrapped_space_key: input.account.wrappedSpaceKey,
      created_at: now,
      expires_at: null,
      kind: null,
      partition_id: null,
      quota_documents: null,
      quota_volume_bytes: null,
      gift_cents: null,
    });
    const avatarName = 'Treasurer';
    const avatarId = await insertAvatar(tx, space, { name: avatarName, keys: input.avatar }, { primaryOf: accountId }, now);
    return { accountId, avatarId, avatarName };
  },
});
