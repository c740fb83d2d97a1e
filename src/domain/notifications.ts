import type { Static } from '@sinclair/typebox';
import type { NotificationView } from '../shared/operations/notifications.js';
import type { Tx } from '../store/database.js';
import type { RestrictedAccount } from './restrictions.js';
import type { SpaceState } from './spaces.js';

export type Notification = Static<typeof NotificationView>;

/** What an account is told, for its header and at sign-in: its space's notification, its partition's, its own. */
export async function notificationsOf(
  tx: Tx,
  space: Pick<SpaceState, 'notification' | 'notification_at'>,
  account: Omit<RestrictedAccount, 'roles'>,
): Promise<Notification[]> {
  const rows = await tx
    .selectFrom('notifications')
    .select(['scope', 'text', 'restriction', 'created_at'])
    .where('space_id', '=', account.spaceId)
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'account'), eb('target_id', '=', account.accountId)]),
        ...(account.partitionId === null ? [] : [eb.and([eb('scope', '=', 'partition'), eb('target_id', '=', account.partitionId)])]),
      ]),
    )
    .execute();
  const own = rows
    .map((r) => ({ level: r.scope, text: r.text, restriction: r.restriction, at: Number(r.created_at) }))
    // The partition's first, then the account's.
    .sort((a, b) => (a.level === b.level ? 0 : a.level === 'partition' ? -1 : 1));
  return space.notification === null
    ? own
    : [{ level: 'space', text: space.notification, restriction: null, at: Number(space.notification_at ?? 0) }, ...own];
}
