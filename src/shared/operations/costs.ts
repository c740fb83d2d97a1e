import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { Cents, Count } from '../integers.js';
import { maxTicketCents, ticketCodePattern } from '../crypto/blind-credits.js';
import { AccountQuotas, Nullable, OrgCode } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of costs and balances (PRODUCT.md G). Costs are in millicents (a thousandth of a cent),
// amounts paid (tickets, gifts) in cents.

const Millicents = (description: string) => Type.Integer({ description });
const Big64 = (description: string) => Type.String({ pattern: '^[A-Za-z0-9_-]{1,400}$', maxLength: 400, description });
const TicketCode = () => Type.String({ pattern: ticketCodePattern, maxLength: 16, description: 'ticket code' });
const Month = () => Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', maxLength: 7, description: 'YYYY-MM' });

/** The site's unit prices, in millicents. */
export const TariffView = Type.Object({
  documentMonth: Type.Integer(),
  gigabyteMonth: Type.Integer(),
  thousandReads: Type.Integer(),
  thousandWrites: Type.Integer(),
  gigabyteDown: Type.Integer(),
  gigabyteUp: Type.Integer(),
});

export const BalanceView = Type.Object({
  credits: Millicents('paid tickets'),
  gifts: Millicents("gifts received (the sponsor's included) less gifts given"),
  costs: Millicents('costs charged'),
  balance: Millicents('credits + gifts − costs'),
});

/** How many months `account.costs` lists when the input does not say. */
export const defaultCostMonths = 12;

/** The member's costs of its last months, its balance (A) or its consumption limit (O). */
export const showCosts = defineContract({
  name: 'account.costs',
  summary: "Show this account's costs of the month so far and of previous months",
  input: Type.Object(
    {
      months: Type.Optional(
        Count(24, { minimum: 1, default: defaultCostMonths, description: 'how many months, the current one included' }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    tariff: TariffView,
    months: Type.Array(
      Type.Object({
        month: Type.String(),
        subscription: Millicents('charged so far'),
        consumption: Millicents('cost of the consumption'),
        settled: Type.Boolean({ description: 'the consumption cost is recorded (and charged, for an A account)' }),
        total: Millicents('subscription + consumption'),
      }),
      { description: 'most recent first; months without costs are left out' },
    ),
    balance: Nullable(BalanceView),
    consumptionLimit: Nullable(Millicents("an O account's monthly limit")),
  }),
});

const CostTotals = Type.Object({
  accounts: Type.Integer(),
  subscription: Millicents('charged so far'),
  consumption: Millicents('consumption costs settled (ended months, once each account settled them)'),
});

/** The treasurer's view of a month: totals per partition, for A accounts and for the space, against what the operator agreed. */
export const showSpaceCosts = defineContract({
  name: 'costs.space',
  summary: "Show the space's costs of a month, per partition",
  input: Type.Object({ month: Type.Optional(Month()) }, { additionalProperties: false }),
  output: Type.Object({
    month: Type.String(),
    partitions: Type.Array(Type.Intersect([Type.Object({ partitionId: Type.String() }), CostTotals])),
    aAccounts: CostTotals,
    space: Type.Object({
      subscription: Millicents('charged so far'),
      consumption: Millicents("the space's consumption (in clear) at the tariff"),
      total: Millicents('subscription + consumption'),
      agreed: Nullable(Millicents('monthly amount agreed with the operator')),
    }),
  }),
});

/** The treasurer or a delegate of its partition sets an O account's monthly consumption limit (null: none). */
export const setConsumptionLimit = defineContract({
  name: 'account.setConsumptionLimit',
  summary: "Set an O account's monthly consumption limit",
  input: Type.Object(
    {
      accountId: ScopedId({ description: 'the O account' }),
      partitionId: ScopedId({ description: 'its partition' }),
      limit: Nullable(Cents(1e12, { description: 'millicents a month; null: no limit' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** An A account sets its own quotas, within the space's. */
export const setOwnQuotas = defineContract({
  name: 'account.setOwnQuotas',
  summary: "Set this A account's quotas",
  input: Type.Object({ quotas: AccountQuotas() }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** An A account gives to another A account, named by its primary avatar. */
export const giveToAccount = defineContract({
  name: 'account.gift',
  summary: 'Give to another A account',
  input: Type.Object(
    { avatarId: ScopedId({ description: "the other account's primary avatar" }), amountCents: Cents(maxTicketCents, { minimum: 1 }) },
    { additionalProperties: false },
  ),
  output: Type.Object({ balance: BalanceView }),
});

/** The treasurer records a payment received, by the ticket code it quoted. */
export const recordTicket = defineContract({
  name: 'ticket.record',
  summary: 'Record a payment received for a ticket',
  input: Type.Object({ code: TicketCode(), amountCents: Cents(maxTicketCents, { minimum: 1 }) }, { additionalProperties: false }),
  output: Type.Object({ ok: Type.Boolean() }),
});

/** Public: whether a ticket's payment was recorded, for how much, and the modulus to blind its credit for. */
export const ticketStatus = defineContract({
  name: 'ticket.status',
  summary: 'Show whether a ticket was paid',
  input: Type.Object({ orgCode: OrgCode(), code: TicketCode() }, { additionalProperties: false }),
  output: Type.Object({ amountCents: Type.Integer(), redeemed: Type.Boolean(), modulus: Type.String() }),
});

/** Public: turns a paid ticket into the space's signature of a blinded credit of its amount, once. */
export const redeemTicket = defineContract({
  name: 'ticket.redeem',
  summary: 'Turn a paid ticket into a blindly signed credit',
  input: Type.Object(
    { orgCode: OrgCode(), code: TicketCode(), amountCents: Cents(maxTicketCents, { minimum: 1 }), blinded: Big64('the blinded credit') },
    { additionalProperties: false },
  ),
  output: Type.Object({ signature: Type.String({ description: 'signature of the blinded credit' }) }),
});

/** An A account adds a signed credit to its balance. */
export const spendCredit = defineContract({
  name: 'account.credit',
  summary: "Add a paid ticket's credit to this account's balance",
  input: Type.Object(
    { amountCents: Cents(maxTicketCents, { minimum: 1 }), token: Big64('the credit token'), signature: Big64("the space's signature") },
    { additionalProperties: false },
  ),
  output: Type.Object({ balance: BalanceView }),
});
