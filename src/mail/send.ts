import type { TSchema } from '@sinclair/typebox';
import type { Config } from '../config/schema.js';
import type { ComposedMail } from './compose.js';
import type { MailLanguage } from '../shared/mail.js';
import type { MailRequest } from './request.js';
import { templates } from './templates/index.js';
import type { MailTemplate } from './templates/template.js';
import { deliver } from './transport.js';

/** A request's mail in a language, with the site's name and public address. */
export function render(config: Config, request: MailRequest, language: MailLanguage): ComposedMail {
  const template = templates[request.template] as MailTemplate<TSchema>;
  return template.render(request.params, language, {
    name: config.siteName,
    publicUrl: config.site.publicUrl.replace(/\/+$/, ''),
  });
}

/** Sends a queued mail now. False when there is nobody to send it to (no operator address configured). */
export async function sendRequest(config: Config, request: MailRequest): Promise<boolean> {
  const [to, language] = 'address' in request.to ? [[request.to.address], request.to.language] : [config.smtp.to, config.smtp.language];
  if (to.length === 0) return false;
  await deliver(config, to, render(config, request, language));
  return true;
}
