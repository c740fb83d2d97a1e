import { Type, type Static } from '@sinclair/typebox';

/** The languages of mails: each template has its words in both. */
export const MailLanguage = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
export type MailLanguage = Static<typeof MailLanguage>;

// A mail address as a person types it: local part and domain, nothing a header could be bent
// with (no spaces, line breaks, commas, angle brackets or quotes), within the lengths of RFC 5321.
const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const domainLabel = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** Checked by the server, and by clients before they send. */
export function isMailAddress(address: string): boolean {
  if (address.length > 254) return false;
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return local.length <= 64 && localPart.test(local) && labels.length >= 2 && labels.every((l) => domainLabel.test(l));
}
