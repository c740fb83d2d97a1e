import type { InputOf, OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';

// Notifications of partitions and accounts, as the treasurer's and delegates' console use them. An
// account reads those that concern it with `account.show` (the header's banners).

export type PostedNotification = OutputOf<'notification.list'>['notifications'][number];
export type NotificationInput = InputOf<'notification.set'>;

/** The notification of a partition and those of its accounts. */
export async function partitionNotifications(client: IlotClient, partitionId: string): Promise<PostedNotification[]> {
  return (await client.call('notification.list', { partitionId })).notifications;
}

/** Posts (text) or clears (text null) the notification of a partition (accountId null) or of one of its accounts. */
export async function postNotification(client: IlotClient, input: NotificationInput): Promise<void> {
  await client.call('notification.set', input);
}
