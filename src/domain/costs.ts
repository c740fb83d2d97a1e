import { sql } from 'kysely';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { accountConsumption, type Consumption } from './consumption.js';
import type { UsageOwner } from './usage.js';

// What accounts cost, in millicents. Two parts, computed where the data to compute them is clear:
// - the subscription (quotas × prices) from quotas, which are in clear: charged every day by the
//   daily task, for every account, into `account_costs`, and from A accounts' balances;
// - the consumption cost, from an account's consumption, which is masked (domain/masks.ts): only a
//   session of the account holds the key that reads it. A month's is settled (written in clear, and
//   taken from an A account's balance) once the month has ended, by the first session of the
//   account that presents its key. Until then only the account sees it, as it reads its own figures.
// A month's cost in clear per account adds reads, writes and bytes into one amount: it does not
// give back the sizes or counts that the masks hide. See docs/security.md.

export type Tariff = Config['costs'];

/** An account's subscription of a month, from its quotas. */
export function monthlySubscription(quotas: { documents: number | null; volumeBytes: number | null }, tariff: Tariff): number {
  return (
    (quotas.documents ?? 0) * tariff.documentMonth + Math.floor((Math.floor((quotas.volumeBytes ?? 0) / 1000) * tariff.gigabyteMonth) / 1e6)
  );
}

/** The cost of a consumption. */
export function consumptionCost(c: Consumption, tariff: Tariff): number {
  return Math.floor(
    (c.reads * tariff.thousandReads) / 1000 +
      (c.writes * tariff.thousandWrites) / 1000 +
      (c.downloadedBytes * tariff.gigabyteDown) / 1e9 +
      (c.uploadedBytes * tariff.gigabyteUp) / 1e9,
  );
}

/** When the subscription of a day is charged: the day's number (from 1970, UTC: charged once), its month, its rank in the month and the month's length. */
export interface ChargeDay {
  day: number;
  month: string;
  dayOfMonth: number;
  daysInMonth: number;
}

const lit = (n: number) => sql.lit(Math.trunc(n));

/**
 * The subscription of a day per account, as SQL over `accounts a`: the month's share up to this day
 * less that up to the day before, so that the days of a month add up to its subscription exactly.
 */
function dailySubscription(tariff: Tariff, at: ChargeDay) {
  const monthly = sql`(cast(coalesce(a.quota_documents, 0) as bigint) * ${lit(tariff.documentMonth)} + coalesce(a.quota_volume_bytes, 0) / 1000 * ${lit(tariff.gigabyteMonth)} / 1000000)`;
  return sql<number>`(${monthly} * ${lit(at.dayOfMonth)} / ${lit(at.daysInMonth)} - ${monthly} * ${lit(at.dayOfMonth - 1)} / ${lit(at.daysInMonth)})`;
}

/**
 * Charges the day's subscription to the accounts of a space after `after` (by id), `size` of them
 * at most, in the caller's transaction: into their month's costs, and from A accounts' balances.
 * Charged once a day: a second run of the same day finds them charged. Returns the last id done.
 */
export async function chargeSubscriptions(
  tx: Tx,
  spaceId: number,
  after: string,
  size: number,
  tariff: Tariff,
  at: ChargeDay,
): Promise<{ items: number; last: string | null }> {
  const ids = await tx
    .selectFrom('accounts')
    .select('id')
    .where('space_id', '=', spaceId)
    .where('id', '>', after)
    .orderBy('id')
    .limit(size)
    .execute();
  const last = ids.at(-1)?.id ?? null;
  if (last === null) return { items: 0, last };
  const inRange = (table: string, column: string) =>
    sql`${sql.ref(`${table}.space_id`)} = ${spaceId} and ${sql.ref(`${table}.${column}`)} > ${after} and ${sql.ref(`${table}.${column}`)} <= ${last}`;
  await sql`insert into account_costs (space_id, account_id, month)
    select a.space_id, a.id, ${at.month} from accounts a where ${inRange('a', 'id')}
    and not exists (select 1 from account_costs c where c.space_id = a.space_id and c.account_id = a.id and c.month = ${at.month})`.execute(
    tx,
  );
  await openBalances(tx, inRange('a', 'id'));
  const daily = dailySubscription(tariff, at);
  const account = (table: string) => sql`a.space_id = ${sql.ref(`${table}.space_id`)} and a.id = ${sql.ref(`${table}.account_id`)}`;
  await sql`update account_balances set costs = costs + (select ${daily} from accounts a where ${account('account_balances')})
    where ${inRange('account_balances', 'account_id')}
    and exists (select 1 from accounts a where ${account('account_balances')} and a.kind = 'A')
    and exists (select 1 from account_costs c where c.space_id = account_balances.space_id and c.account_id = account_balances.account_id
      and c.month = ${at.month} and c.charged_day < ${at.day})`.execute(tx);
  await sql`update account_costs set subscription = subscription + (select ${daily} from accounts a where ${account('account_costs')}),
    charged_day = ${at.day}
    where ${inRange('account_costs', 'account_id')} and month = ${at.month} and charged_day < ${at.day}`.execute(tx);
  return { items: ids.length, last };
}

/** Opens the balances of the A accounts `where` names (over `accounts a`) that have none: their sponsor's gift is their first credit. */
async function openBalances(tx: Tx, where: ReturnType<typeof sql>): Promise<void> {
  await sql`insert into account_balances (space_id, account_id, gifts)
    select a.space_id, a.id, coalesce(a.gift_cents, 0) * 1000 from accounts a where ${where} and a.kind = 'A'
    and not exists (select 1 from account_balances b where b.space_id = a.space_id and b.account_id = a.id)`.execute(tx);
}

export interface Balance {
  credits: number;
  gifts: number;
  costs: number;
  balance: number;
}

/** An A account's balance (before its first charge: its sponsor's gift); null for an account of another kind. */
export async function balanceOf(tx: Tx, spaceId: number, accountId: string): Promise<Balance | null> {
  const row = await tx
    .selectFrom('accounts')
    .leftJoin('account_balances as b', (join) =>
      join.onRef('b.space_id', '=', 'accounts.space_id').onRef('b.account_id', '=', 'accounts.id'),
    )
    .select(['accounts.kind', 'accounts.gift_cents', 'b.credits', 'b.gifts', 'b.costs'])
    .where('accounts.space_id', '=', spaceId)
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  if (row?.kind !== 'A') return null;
  const opened = row.gifts !== null;
  const [credits, gifts, costs] = opened
    ? [Number(row.credits), Number(row.gifts), Number(row.costs)]
    : [0, (row.gift_cents ?? 0) * 1000, 0];
  return { credits, gifts, costs, balance: credits + gifts - costs };
}

/** Adds to one part of an A account's balance (ACCOUNT_NOT_A for another kind). */
export async function addToBalance(
  tx: Tx,
  spaceId: number,
  accountId: string,
  part: 'credits' | 'gifts' | 'costs',
  amount: number,
): Promise<Balance> {
  await openBalances(tx, sql`a.space_id = ${spaceId} and a.id = ${accountId}`);
  const changed = await tx
    .updateTable('account_balances')
    .set((eb) => ({ [part]: eb(part, '+', amount) }))
    .where('space_id', '=', spaceId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) === 0) throw new IlotError('ACCOUNT_NOT_A');
  return (await balanceOf(tx, spaceId, accountId))!;
}

/**
 * Settles, with the usage key of a session of the account, the consumption cost of its ended months
 * not settled yet (before `currentMonth`): written in clear, and taken from an A account's balance.
 */
export async function settleConsumption(
  tx: Tx,
  owner: UsageOwner & { usageKey: string },
  currentMonth: string,
  tariff: Tariff,
): Promise<void> {
  const settled = new Set(
    (
      await tx
        .selectFrom('account_costs')
        .select('month')
        .where('space_id', '=', owner.spaceId)
        .where('account_id', '=', owner.accountId)
        .where('consumption', 'is not', null)
        .execute()
    ).map((r) => r.month),
  );
  const months = (await accountConsumption(tx, owner, '0000-00')).filter((m) => m.month < currentMonth && !settled.has(m.month));
  if (months.length === 0) return;
  const kind = await tx
    .selectFrom('accounts')
    .select('kind')
    .where('space_id', '=', owner.spaceId)
    .where('id', '=', owner.accountId)
    .executeTakeFirst();
  for (const month of months) {
    const cost = consumptionCost(month, tariff);
    await tx
      .insertInto('account_costs')
      .values({ space_id: owner.spaceId, account_id: owner.accountId, month: month.month, consumption: cost })
      .onConflict((oc) => oc.columns(['space_id', 'account_id', 'month']).doUpdateSet({ consumption: cost }))
      .execute();
    if (kind?.kind === 'A') await addToBalance(tx, owner.spaceId, owner.accountId, 'costs', cost);
  }
}

/** An account's costs of each month from `from` on, as recorded in clear (consumption null: not settled yet). */
export async function recordedCosts(tx: Tx, spaceId: number, accountId: string, from: string) {
  const rows = await tx
    .selectFrom('account_costs')
    .select(['month', 'subscription', 'consumption'])
    .where('space_id', '=', spaceId)
    .where('account_id', '=', accountId)
    .where('month', '>=', from)
    .execute();
  return rows.map((r) => ({
    month: r.month,
    subscription: Number(r.subscription),
    consumption: r.consumption === null ? null : Number(r.consumption),
  }));
}

/**
 * The accounts, among those given, due minimal access from their costs alone: an A account whose
 * balance is negative, or an O account whose consumption cost, averaged over the last
 * `averageMonths` ended months settled, exceeds its monthly limit. It leaves by itself when that
 * stops being true.
 */
export async function automaticMinimalAccess(
  tx: Tx,
  spaceId: number,
  accountIds: readonly string[],
  at: { currentMonth: string; averageMonths: number },
): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  // One statement, whatever the number of accounts: the pipeline asks this of every operation of a
  // member, the console of every account of a partition.
  const recent = sql<string | number | null>`(select avg(r.consumption) from (
      select consumption from account_costs
      where space_id = accounts.space_id and account_id = accounts.id and month < ${at.currentMonth} and consumption is not null
      order by month desc limit ${at.averageMonths}) r)`;
  const rows = await tx
    .selectFrom('accounts')
    .leftJoin('account_balances as b', (join) =>
      join.onRef('b.space_id', '=', 'accounts.space_id').onRef('b.account_id', '=', 'accounts.id'),
    )
    .select(['accounts.id', 'accounts.kind', 'accounts.consumption_limit', 'b.credits', 'b.gifts', 'b.costs'])
    .select(recent.as('average'))
    .where('accounts.space_id', '=', spaceId)
    .where('accounts.id', 'in', accountIds)
    .execute();
  const due = (row: (typeof rows)[number]) =>
    row.kind === 'A'
      ? row.gifts !== null && Number(row.credits) + Number(row.gifts) - Number(row.costs) < 0
      : row.consumption_limit !== null && row.average !== null && Number(row.average) > Number(row.consumption_limit);
  return new Set(rows.filter(due).map((row) => row.id));
}

/** A month's costs recorded in clear, summed per partition and apart for A accounts (`autonomous` 1). */
export function costTotals(tx: Tx, spaceId: number, month: string) {
  const autonomous = sql<number>`case when a.kind = 'A' then 1 else 0 end`;
  return tx
    .selectFrom('account_costs as c')
    .innerJoin('accounts as a', (join) => join.onRef('a.space_id', '=', 'c.space_id').onRef('a.id', '=', 'c.account_id'))
    .select(['a.partition_id', autonomous.as('autonomous')])
    .select((eb) => [
      eb.fn.countAll<number>().as('accounts'),
      sql<string>`coalesce(sum(c.subscription), 0)`.as('subscription'),
      sql<string>`coalesce(sum(c.consumption), 0)`.as('consumption'),
    ])
    .where('c.space_id', '=', spaceId)
    .where('c.month', '=', month)
    .groupBy(['a.partition_id', autonomous])
    .execute();
}
