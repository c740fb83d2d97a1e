import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { MailLanguage } from '../shared/mail.js';
import { templates, type TemplateName } from './templates/index.js';

/** Who a mail goes to: the operators (smtp.to, in smtp.language), or one address in a given language. */
export const Recipient = Type.Union([
  Type.Object({ operators: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ address: Type.String({ maxLength: 254 }), language: MailLanguage }, { additionalProperties: false }),
]);
export type Recipient = Static<typeof Recipient>;

/** A mail as it is queued and stored until it is sent: a template, its parameters, its recipient. */
export type MailRequest = {
  [N in TemplateName]: { template: N; params: Static<(typeof templates)[N]['params']>; to: Recipient };
}[TemplateName];

const Envelope = Type.Object({ template: Type.String(), params: Type.Unknown(), to: Recipient }, { additionalProperties: false });

/** Whether a stored value is a mail this version can send (a newer version may have queued another). */
export function isMailRequest(value: unknown): value is MailRequest {
  if (!Value.Check(Envelope, value)) return false;
  const template = Object.hasOwn(templates, value.template) ? templates[value.template as TemplateName] : undefined;
  return template !== undefined && Value.Check(template.params, value.params);
}

/** Whether a mail goes to an address a member gave (not kept once its sending is over). */
export function toGivenAddress(request: MailRequest): boolean {
  return 'address' in request.to;
}
