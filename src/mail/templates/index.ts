import type { MailTemplate } from './template.js';
import { backupFailed } from './backup-failed.js';
import { quotaNearlyFull } from './quota-nearly-full.js';
import { sponsorshipInvitation } from './sponsorship-invitation.js';
import { taskFailed } from './task-failed.js';
import { urgentChatItem } from './urgent-chat-item.js';

/** Every kind of mail the site sends, by the name a queued mail gives. */
export const templates = { taskFailed, backupFailed, quotaNearlyFull, urgentChatItem, sponsorshipInvitation } satisfies Record<
  string,
  MailTemplate
>;

export type TemplateName = keyof typeof templates;
