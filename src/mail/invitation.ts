import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';
import { isMailAddress, type MailLanguage } from '../shared/mail.js';
import type { Tx } from '../store/database.js';
import { queueMail } from './queue.js';
import { mailEnabled } from './transport.js';

const dayMs = 24 * 3600 * 1000;

export interface Invitation {
  spaceId: number;
  sponsorshipId: string;
  /** The sponsor's account: its sponsorships of the last day are counted against smtp.invitationsPerDay. */
  sponsor: string;
  address: string;
  language: MailLanguage;
}

/**
 * Queues the mail of a sponsorship just created, in its transaction: MAIL_ADDRESS_INVALID,
 * MAIL_NOT_CONFIGURED (no SMTP server or no site.publicUrl for the link), or INVITATIONS_EXCEEDED
 * when the sponsor's account made more than smtp.invitationsPerDay sponsorships in the last 24
 * hours, this one included (all of them count: the limit is on an account sending many mails, and
 * the site keeps no record of which sponsorships had one). The address lives only in the mail task
 * until it is sent.
 */
export async function queueInvitation(tx: Tx, config: Config, invitation: Invitation, now: number): Promise<void> {
  const address = invitation.address.trim();
  if (!isMailAddress(address)) throw new IlotError('MAIL_ADDRESS_INVALID', undefined, { field: 'invitation.address' });
  if (!mailEnabled(config) || !config.site.publicUrl || config.smtp.invitationsPerDay === 0) throw new IlotError('MAIL_NOT_CONFIGURED');
  // The sponsor's account row is held until commit: its concurrent invitations count one after the other.
  await tx
    .updateTable('accounts')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('space_id', '=', invitation.spaceId)
    .where('id', '=', invitation.sponsor)
    .execute();
  const { n } = await tx
    .selectFrom('sponsorships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('space_id', '=', invitation.spaceId)
    .where('sponsor', '=', invitation.sponsor)
    .where('role', '=', 'member')
    .where('created_at', '>', now - dayMs)
    .executeTakeFirstOrThrow();
  if (Number(n) > config.smtp.invitationsPerDay)
    throw new IlotError('INVITATIONS_EXCEEDED', undefined, { perDay: config.smtp.invitationsPerDay });
  const { org_code } = await tx.selectFrom('spaces').select('org_code').where('id', '=', invitation.spaceId).executeTakeFirstOrThrow();
  await queueMail(
    tx,
    { template: 'sponsorshipInvitation', params: { orgCode: org_code }, to: { address, language: invitation.language } },
    `invite:${invitation.sponsorshipId}`,
    { spaceId: invitation.spaceId, now },
  );
}
