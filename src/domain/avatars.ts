import type { Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { newScopedId } from '../shared/ids.js';
import type { AvatarKeys } from '../shared/protocol.js';
import type { Tx } from '../store/database.js';
import type { AvatarsTable } from '../store/schema.js';

/** Records a new avatar of an account and returns its id (a collision of ids is retried by the transaction). */
export async function insertAvatar(
  tx: Tx,
  spaceId: number,
  accountId: string,
  name: string,
  keys: Static<ReturnType<typeof AvatarKeys>>,
  primary: boolean,
  now: number,
): Promise<string> {
  const id = newScopedId(spaceId, 'avatar');
  await tx
    .insertInto('avatars')
    .values({
      space_id: spaceId,
      id,
      account_id: accountId,
      name,
      ecdh_public_key: keys.ecdhPublicKey,
      signing_public_key: keys.signingPublicKey,
      wrapped_private_keys: keys.wrappedPrivateKeys,
      wrapped_card_key: keys.wrappedCardKey,
      is_primary: primary ? 1 : 0,
      card: null,
      contact_prefix_id: null,
      contact_auth_hash: null,
      contact_card_key: null,
      created_at: now,
    })
    .execute();
  return id;
}

/** An avatar by id, with the account that owns it for the policy. */
export async function findAvatar(
  tx: Tx,
  spaceId: number,
  id: string,
): Promise<(Selectable<AvatarsTable> & { accountId: string }) | undefined> {
  const row = await tx.selectFrom('avatars').selectAll().where('space_id', '=', spaceId).where('id', '=', id).executeTakeFirst();
  return row && { ...row, accountId: row.account_id };
}
