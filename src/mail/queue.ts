import type { Tx } from '../store/database.js';
import { siteSpaceId } from '../store/schema.js';
import { dedupOf, newTaskRow } from '../domain/task-queue.js';
import { isMailRequest, type MailRequest } from './request.js';

/** The task kind that sends queued mails. */
export const mailKind = 'mail.send';

/** What a mail task keeps in its `progress` column until it is sent: the mail, and nothing else. */
export interface MailPayload {
  mail: MailRequest;
}

export interface QueueOptions {
  /** The space the mail is about (default: the site): its tasks go with it when it is forgotten. */
  spaceId?: number;
  now?: number;
}

/**
 * Queues a mail in the caller's transaction: it is sent by the task engine once the caller has
 * committed, never inside it, and a failed sending is retried with the engine's back-off. `about`
 * (40 characters at most) names what the mail is about, e.g. `invite:<sponsorship>`, without any
 * address: it is the task's target, shown to operators and logged; the same mail about the same
 * thing is queued once while pending. The mail itself is kept in the task's `progress` column,
 * which no view or log shows, and which the sending clears.
 */
export async function queueMail(tx: Tx, request: MailRequest, about: string, options: QueueOptions = {}): Promise<void> {
  if (!isMailRequest(request)) throw new Error('not a mail this version can send (bad parameters for its template)');
  const spaceId = options.spaceId ?? siteSpaceId;
  const now = options.now ?? Date.now();
  if (about.length > 40) throw new Error(`a mail is about at most 40 characters (the task's target): ${about}`);
  const payload: MailPayload = { mail: request };
  await tx
    .insertInto('tasks')
    .values({
      ...newTaskRow(
        { space_id: spaceId, kind: mailKind, target: about, dedup: dedupOf(mailKind, spaceId, about), daily: 0, run_at: now },
        now,
      ),
      progress: JSON.stringify(payload),
    })
    .onConflict((c) => c.column('dedup').doNothing())
    .execute();
}
