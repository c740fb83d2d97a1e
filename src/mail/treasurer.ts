import type { Tx } from '../store/database.js';
import type { MailLanguage } from '../shared/mail.js';
import { queueMail } from './queue.js';

/**
 * The seam for the chats (issue 15): when a member posts an urgent item, the chat operation calls
 * this in its transaction with the treasurer's address and language (the chats issue decides where
 * they come from, e.g. an address the treasurer chooses to give), and the task engine sends the mail
 * after the commit. The mail names the space only: the item is encrypted.
 */
export async function alertTreasurerOfUrgentItem(
  tx: Tx,
  alert: { spaceId: number; orgCode: string; itemId: string; treasurer: { address: string; language: MailLanguage } },
  now = Date.now(),
): Promise<void> {
  await queueMail(tx, { template: 'urgentChatItem', params: { orgCode: alert.orgCode }, to: alert.treasurer }, `urgent:${alert.itemId}`, {
    spaceId: alert.spaceId,
    now,
  });
}
