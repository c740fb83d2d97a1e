import type { Selectable } from 'kysely';
import type { Tx } from '../../../store/database.js';
import type { AccountsTable } from '../../../store/schema.js';
import { deferTask } from '../../tasks/queue.js';

/**
 * Removes an account at once — its avatars, phrases and sessions, its pending sponsorships — and
 * queues the purge of the rest (notes, files, the contacts' side) for the task engine. Used when an
 * account deletes itself and when its lifetime ends.
 */
export async function removeAccount(tx: Tx, account: Pick<Selectable<AccountsTable>, 'space_id' | 'id' | 'prefix_id'>, now: number): Promise<void> {
  const space = account.space_id;
  const avatars = await tx.selectFrom('avatars').select(['id', 'contact_prefix_id']).where('space_id', '=', space).where('account_id', '=', account.id).execute();
  const prefixes = [account.prefix_id, ...avatars.flatMap((a) => (a.contact_prefix_id ? [a.contact_prefix_id] : []))];
  await tx.deleteFrom('phrase_prefixes').where('space_id', '=', space).where('prefix_id', 'in', prefixes).execute();
  await tx.deleteFrom('avatars').where('space_id', '=', space).where('account_id', '=', account.id).execute();
  await tx.deleteFrom('accounts').where('space_id', '=', space).where('id', '=', account.id).execute();
  await tx.deleteFrom('sessions').where('space_id', '=', space).where('subject', '=', account.id).execute();
  await tx.updateTable('sponsorships').set({ state: 'cancelled' }).where('space_id', '=', space).where('sponsor', '=', account.id).where('state', '=', 'pending').execute();
  await deferTask(tx, { kind: 'purge.account', spaceId: space, target: account.id }, now);
  for (const avatar of avatars) await deferTask(tx, { kind: 'purge.avatar', spaceId: space, target: avatar.id }, now);
}
