import type { Insertable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { AccountsTable } from '../store/schema.js';
import { keyMatches } from './secrets.js';

export async function insertAccount(tx: Tx, account: Insertable<AccountsTable>): Promise<void> {
  await tx.insertInto('accounts').values(account).execute();
}

/** The member's own account row. */
export async function ownAccount(tx: Tx, member: { spaceId: number; accountId: string }) {
  return tx
    .selectFrom('accounts')
    .selectAll()
    .where('space_id', '=', member.spaceId)
    .where('id', '=', member.accountId)
    .executeTakeFirstOrThrow();
}

/** The member's account if `keys` are its current passphrase's; PASSPHRASE_WRONG otherwise. */
export async function accountWithPassphrase(
  tx: Tx,
  member: { spaceId: number; accountId: string },
  keys: { prefixId: string; authKey: string },
) {
  const account = await ownAccount(tx, member);
  if (account.prefix_id !== keys.prefixId || !keyMatches(keys.authKey, account.auth_hash)) throw new IlotError('PASSPHRASE_WRONG');
  return account;
}

/** The roles of an account as stored (comma-separated, '' for none). */
export function rolesOf(stored: string): string[] {
  return stored ? stored.split(',') : [];
}
