import { blindCredit, newTicketCode, unblindCredit } from '../shared/crypto/blind-credits.js';
import type { InputOf, OutputOf } from '../shared/operations/index.js';
import { IlotClient } from './client.js';

// Costs, balances and anonymous payments. A ticket's code is drawn here and never sent with the
// account's session: the payment is recorded by code, the credit is obtained without a session
// (blind signature), and only the unlinkable credit is spent in the account's session.

export type AccountCosts = OutputOf<'account.costs'>;
export type SpaceCosts = OutputOf<'costs.space'>;
export type Balance = OutputOf<'account.credit'>['balance'];

/** The account's costs of its last `months` months (the current one included), its balance or its limit. */
export function costs(client: IlotClient, months?: number): Promise<AccountCosts> {
  return client.call('account.costs', months === undefined ? {} : { months });
}

/** The treasurer's view of a month's costs (default: the current one). */
export function spaceCosts(client: IlotClient, month?: string): Promise<SpaceCosts> {
  return client.call('costs.space', month === undefined ? {} : { month });
}

export async function setConsumptionLimit(client: IlotClient, input: InputOf<'account.setConsumptionLimit'>): Promise<void> {
  await client.call('account.setConsumptionLimit', input);
}

export async function setOwnQuotas(client: IlotClient, quotas: InputOf<'account.setOwnQuotas'>['quotas']): Promise<void> {
  await client.call('account.setOwnQuotas', { quotas });
}

/** Gives `amountCents` to the A account whose primary avatar is `avatarId`. */
export async function give(client: IlotClient, avatarId: string, amountCents: number): Promise<Balance> {
  return (await client.call('account.gift', { avatarId, amountCents })).balance;
}

/** A ticket to pay by bank transfer, quoting its code: the account keeps it until it is redeemed. */
export interface Ticket {
  code: string;
  amountCents: number;
}

export function issueTicket(amountCents: number): Ticket {
  return { code: newTicketCode(), amountCents };
}

/** The treasurer records a payment received for a ticket code. */
export async function recordPayment(client: IlotClient, ticket: Ticket): Promise<void> {
  await client.call('ticket.record', ticket);
}

/** A redeemed ticket's credit, to spend in the account's session. */
export interface Credit {
  amountCents: number;
  token: string;
  signature: string;
}

/**
 * Turns a paid ticket into a credit, through a client of its own with no session: the server signs
 * a blinded token and learns neither the token nor the account.
 */
export async function redeemTicket(url: string, orgCode: string, ticket: Ticket): Promise<Credit> {
  const anonymous = new IlotClient(url);
  const { modulus } = await anonymous.call('ticket.status', { orgCode, code: ticket.code });
  const blinded = await blindCredit(modulus, ticket.amountCents);
  const { signature } = await anonymous.call('ticket.redeem', { orgCode, ...ticket, blinded: blinded.blinded });
  return { amountCents: ticket.amountCents, token: blinded.token, signature: unblindCredit(modulus, blinded, signature) };
}

/** Adds a credit to the account's balance. */
export async function spendCredit(client: IlotClient, credit: Credit): Promise<Balance> {
  return (await client.call('account.credit', credit)).balance;
}
