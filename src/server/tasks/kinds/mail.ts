import { mailKind, type MailPayload } from '../../../mail/queue.js';
import { isMailRequest, toGivenAddress } from '../../../mail/request.js';
import { sendRequest } from '../../../mail/send.js';
import { mailEnabled } from '../../../mail/transport.js';
import type { TaskContext, TaskKind } from '../task-kind.js';

/** The mail a task keeps (null once sent or dropped). */
async function payloadOf({ store, task }: TaskContext): Promise<MailPayload | null> {
  const row = await store.db
    .selectFrom('tasks')
    .select('progress')
    .where('space_id', '=', task.spaceId)
    .where('id', '=', task.id)
    .executeTakeFirst();
  return row?.progress ? (JSON.parse(row.progress) as MailPayload) : null;
}

/** Forgets the mail: once sent, or when an address a member gave has had its last attempt. */
async function forget({ store, task }: TaskContext): Promise<void> {
  await store.db.updateTable('tasks').set({ progress: null }).where('space_id', '=', task.spaceId).where('id', '=', task.id).execute();
}

/**
 * Sends one queued mail (see mail/queue.ts). A refusal, a dropped connection or a timeout fails the
 * run, which the engine retries with its back-off; the operation that queued the mail has long
 * committed. Delivery is at least once: a node that dies between the server's acceptance and the
 * task's record sends it again. An address a member gave is dropped after the last attempt, so a
 * mail that failed for good keeps none; an operators' alert is kept for a retry.
 */
export const sendMail: TaskKind = {
  kind: mailKind,
  daily: false,
  summary: 'Send a queued mail',
  async run(context) {
    const { config, log, task } = context;
    const payload = await payloadOf(context);
    if (!payload) return;
    if (!isMailRequest(payload.mail)) throw new Error('this version cannot send this mail (queued by another version?)');
    if (!mailEnabled(config)) {
      log.warn({ task: task.id }, 'a queued mail is dropped: SMTP is no longer configured (smtp.host)');
      return forget(context);
    }
    // A sending may wait on several server timeouts: the lease is renewed meanwhile, so that no other node sends it too.
    const leaseKeeper = setInterval(() => void context.renewLease().catch(() => {}), (config.tasks.leaseSeconds * 1000) / 3);
    try {
      if (!(await sendRequest(config, payload.mail))) log.warn({ task: task.id }, 'a mail to the operators is dropped: smtp.to is empty');
    } catch (error) {
      if (toGivenAddress(payload.mail) && task.attempts >= config.tasks.maxAttempts) await forget(context);
      throw error;
    } finally {
      clearInterval(leaseKeeper);
    }
    await forget(context);
  },
};
