import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import { AvatarKeys, Bytes, Key32, Nullable, OrgCode, PhraseKeys } from '../../../shared/protocol.js';
import type { Tx } from '../../../store/database.js';
import { claimPrefix } from '../../../domain/phrases.js';
import { insertAccount, insertAvatar } from '../../../domain/accounts.js';
import { spaceByOrgCode } from '../../../domain/spaces.js';
import { hashKey } from '../../../domain/secrets.js';
import { sponsorshipOpenedBy } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';
import { quotasOf } from '../../../domain/space-views.js';
import { Quotas } from '../../../shared/operations/spaces.js';

/** The unused treasurer sponsorship a phrase's keys open, or SPONSORSHIP_INVALID (whatever the reason). */
const treasurerSponsorship = (tx: Tx, spaceId: number | null, keys: { prefixId: string; authKey: string }) =>
  sponsorshipOpenedBy(tx, spaceId, keys, 'treasurer', (row) => row.used_at === null);

/** Public: with the org code and the sponsorship phrase's keys, the future treasurer reads the space's conditions. */
export const viewTreasurerSponsorship = defineOperation({
  name: 'sponsorship.viewTreasurer',
  summary: 'Read the conditions of a new space with its treasurer sponsorship',
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  checksCredentials: true,
  input: Type.Object({ orgCode: OrgCode(), sponsorship: PhraseKeys('keys of the sponsorship phrase') }, { additionalProperties: false }),
  output: Type.Object({ orgCode: Type.String(), quotas: Quotas, notification: Nullable(Type.String()) }),
  async run(input, { tx, spaceId }) {
    await treasurerSponsorship(tx, spaceId, input.sponsorship);
    const space = await spaceByOrgCode(tx, input.orgCode);
    return { orgCode: space.org_code, quotas: quotasOf(space), notification: space.notification };
  },
});

/**
 * Public: creates the treasurer's account in one operation — account, key material made by the
 * client (account key wrapped under the passphrase, space key wrapped under the account key),
 * primary avatar "Treasurer" with its public keys — and uses up the sponsorship.
 */
export const createTreasurer = defineOperation({
  name: 'account.createTreasurer',
  summary: 'Create the treasurer account of a new space',
  access: { plane: 'public' },
  effect: 'growth',
  targetsSpace: true,
  checksCredentials: true,
  input: Type.Object(
    {
      orgCode: OrgCode(),
      sponsorship: PhraseKeys('keys of the sponsorship phrase'),
      account: Type.Object(
        {
          prefixId: Key32(),
          authKey: Key32(),
          wrappedAccountKey: Bytes(200, 'account key wrapped under the passphrase wrap key'),
          wrappedSpaceKey: Bytes(200, 'space key wrapped under the account key'),
        },
        { additionalProperties: false },
      ),
      avatar: AvatarKeys(),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ accountId: Type.String(), avatarId: Type.String(), avatarName: Type.String() }),
  async run(input, { tx, spaceId, now }) {
    const sponsorship = await treasurerSponsorship(tx, spaceId, input.sponsorship);
    const space = sponsorship.space_id;
    const accountId = newScopedId(space, 'account');
    // Conditional: of two concurrent uses of one sponsorship, the second updates nothing.
    const used = await tx.updateTable('sponsorships').set({ used_at: now }).where('space_id', '=', space).where('id', '=', sponsorship.id).where('used_at', 'is', null).executeTakeFirst();
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
    const avatarId = await insertAvatar(tx, space, accountId, avatarName, input.avatar, true, now);
    return { accountId, avatarId, avatarName };
  },
});
