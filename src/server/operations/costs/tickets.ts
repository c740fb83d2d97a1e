import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/costs.js';
import { creditModulus, recordTicket as record, redeemTicket as redeem, spendCredit as spend, ticketOf } from '../../../domain/tickets.js';
import { defineOperation } from '../../pipeline/operation.js';

// Tickets and credits (domain/tickets.ts): recording names no account, redeeming happens without
// a session, and only the spending of a credit, unlinkable to its ticket, is an account's.

/** The treasurer records a payment received, by its ticket code. */
export const recordTicket = defineOperation({
  ...contracts.recordTicket,
  access: { plane: 'admin', permission: 'tickets.record' },
  effect: 'write',
  audit: true,
  async run(input, { tx, spaceId, now, describe }) {
    describe(null, { amountCents: input.amountCents });
    await record(tx, spaceId!, input.code, input.amountCents, now);
    return { ok: true };
  },
});

/** Public: whether a ticket was paid and for how much (guessing codes is throttled like passphrases). */
export const ticketStatus = defineOperation({
  ...contracts.ticketStatus,
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId }) {
    if (spaceId === null) throw new IlotError('TICKET_UNKNOWN');
    return { ...(await ticketOf(tx, spaceId, input.code)), modulus: await creditModulus(tx, spaceId) };
  },
});

/** Public, with no session: the space's signature of a blinded credit for a paid ticket, once. */
export const redeemTicket = defineOperation({
  ...contracts.redeemTicket,
  access: { plane: 'public' },
  effect: 'write',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId, now }) {
    if (spaceId === null) throw new IlotError('TICKET_UNKNOWN');
    return { signature: await redeem(tx, spaceId, input.code, input.amountCents, input.blinded, now) };
  },
});

/** An A account adds a signed credit to its balance; minimal access lets it, so that paying leaves it. */
export const spendCredit = defineOperation({
  ...contracts.spendCredit,
  access: { plane: 'member' },
  effect: 'write',
  restrictionClass: 'credit',
  async run(input, { tx, member }) {
    if (member.accountKind !== 'A') throw new IlotError('ACCOUNT_NOT_A');
    return { balance: await spend(tx, member.spaceId, member.accountId, input.amountCents, input.token, input.signature) };
  },
});
