import { ticketCodePattern } from '../../../src/shared/crypto/blind-credits.js';

// Amounts and ticket codes as people read and type them. Amounts paid are in cents, costs in
// millicents (src/shared/operations/costs.ts); the site's currency is the euro.

export const formatCents = (cents: number, language: string) =>
  (cents / 100).toLocaleString(language, { style: 'currency', currency: 'EUR' });

export const formatMillicents = (millicents: number, language: string) => formatCents(millicents / 1000, language);

/** Cents from what was typed ("12.5", "12,50"), or null when it is not a positive amount with at most two decimals. */
export function parseCents(typed: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(typed);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents > 0 ? cents : null;
}

/** A ticket code in groups of four, easier to copy into a bank transfer. */
export const formatTicketCode = (code: string) => code.match(/.{1,4}/g)!.join(' ');

/** The code typed (spaces, dashes and case aside), or null when it cannot be a ticket code. */
export function parseTicketCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  return new RegExp(ticketCodePattern).test(code) ? code : null;
}

/** A typed amount in euros, in millicents (the unit of costs and limits). */
export const millicentsOf = (typed: string) => Math.round(Number(typed.replace(',', '.')) * 100_000);
