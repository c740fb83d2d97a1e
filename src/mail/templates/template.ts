import type { Static, TSchema } from '@sinclair/typebox';
import type { ComposedMail } from '../compose.js';
import type { MailLanguage } from '../../shared/mail.js';

/** What every template may show of the site: its name and public address (empty: none configured). */
export interface SiteInfo {
  name: string;
  publicUrl: string;
}

/**
 * A kind of mail: the parameters it is queued with (checked again when it is sent, since they were
 * stored in between) and its words in each language. Parameters hold only what the mail shows.
 */
export interface MailTemplate<S extends TSchema = TSchema> {
  params: S;
  render(params: Static<S>, language: MailLanguage, site: SiteInfo): ComposedMail;
}

export function defineTemplate<S extends TSchema>(template: MailTemplate<S>): MailTemplate<S> {
  return template;
}
