import type { Selectable } from 'kysely';
import type { Tx } from '../store/database.js';
import type { AccountsTable } from '../store/schema.js';
import { deferTasks } from './task-queue.js';

type Removed = Pick<Selectable<AccountsTable>, 'space_id' | 'id' | 'prefix_id'>;

/**
 * Removes accounts at once — their avatars, phrases and sessions, their pending sponsorships — and
 * queues the purge of the rest (notes, files, the contacts' side) for the task engine. Used when an
 * account deletes itself and, a batch at a time, when lifetimes end: a few statements per space
 * whatever the number of accounts.
 */
export async function removeAccounts(tx: Tx, accounts: Removed[], now: number): Promise<void> {
  const bySpace = new Map<number, Removed[]>();
  for (const account of accounts) bySpace.set(account.space_id, [...(bySpace.get(account.space_id) ?? []), account]);
  for (const [space, group] of bySpace) {
    const ids = group.map((a) => a.id);
    const avatars = await tx
      .selectFrom('avatars')
      .select(['id', 'contact_prefix_id'])
      .where('space_id', '=', space)
      .where('account_id', 'in', ids)
      .execute();
    const prefixes = [...group.map((a) => a.prefix_id), ...avatars.flatMap((a) => (a.contact_prefix_id ? [a.contact_prefix_id] : []))];
    await tx.deleteFrom('phrase_prefixes').where('space_id', '=', space).where('prefix_id', 'in', prefixes).execute();
    await tx.deleteFrom('avatars').where('space_id', '=', space).where('account_id', 'in', ids).execute();
    await tx.deleteFrom('accounts').where('space_id', '=', space).where('id', 'in', ids).execute();
    await tx
      .deleteFrom('notifications')
      .where('space_id', '=', space)
      .where('scope', '=', 'account')
      .where('target_id', 'in', ids)
      .execute();
    await tx.deleteFrom('sessions').where('space_id', '=', space).where('subject', 'in', ids).execute();
    await tx
      .updateTable('sponsorships')
      .set({ state: 'cancelled' })
      .where('space_id', '=', space)
      .where('sponsor', 'in', ids)
      .where('state', '=', 'pending')
      .execute();
    await deferTasks(
      tx,
      [
        ...ids.map((id) => ({ kind: 'purge.account', spaceId: space, target: id })),
        ...avatars.map((a) => ({ kind: 'purge.avatar', spaceId: space, target: a.id })),
      ],
      now,
    );
  }
}
