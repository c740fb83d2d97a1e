import { sql } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';

// An account's keyring is the list of its secondary avatars and their secrets, sealed by its client
// under the account key: the server stores it without being able to read it, and counts the
// account's secondary avatars (how many, never which) so that the account is deleted only after them.

/**
 * Replaces the keyring of the member's account if `change.revision` is still its revision
 * (KEYRING_CHANGED otherwise: another session changed it meanwhile), adding `added` (negative:
 * removed) to the count of its secondary avatars. Returns the new revision.
 */
export async function replaceKeyring(
  tx: Tx,
  member: { spaceId: number; accountId: string },
  change: { sealed: string; revision: number },
  added: number,
): Promise<number> {
  const result = await tx
    .updateTable('accounts')
    .set({
      keyring: change.sealed,
      keyring_revision: change.revision + 1,
      secondary_avatars: sql<number>`secondary_avatars + ${added}`,
    })
    .where('space_id', '=', member.spaceId)
    .where('id', '=', member.accountId)
    .where('keyring_revision', '=', change.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new IlotError('KEYRING_CHANGED');
  return change.revision + 1;
}
