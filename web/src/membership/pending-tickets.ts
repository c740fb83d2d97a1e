import type { Credit, Ticket } from '../../../src/client/costs.js';
import type { Mode } from '../modes/modes';

// The tickets an A account issued and has not yet turned into credit, kept in this browser: the
// server never learns which account a ticket is for, so only the account itself can remember it.
// A ticket redeemed keeps its credit here until the credit is spent, so that a failure between the
// two never loses the payment.

export interface PendingTicket extends Ticket {
  issuedAt: number;
  credit?: Credit;
}

const keyOf = (accountId: string) => `ilot.tickets.${accountId}`;
/** An incognito session keeps nothing in the browser: its tickets live as long as the tab. */
const incognito = new Map<string, PendingTicket[]>();

export function pendingTickets(accountId: string, mode: Mode): PendingTicket[] {
  if (mode === 'incognito') return incognito.get(accountId) ?? [];
  return JSON.parse(localStorage.getItem(keyOf(accountId)) ?? '[]') as PendingTicket[];
}

export function keepTickets(accountId: string, tickets: PendingTicket[], mode: Mode): void {
  if (mode === 'incognito') incognito.set(accountId, tickets);
  else if (tickets.length === 0) localStorage.removeItem(keyOf(accountId));
  else localStorage.setItem(keyOf(accountId), JSON.stringify(tickets));
}
