import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IlotClient } from '../../../client/client.js';
import {
  costs,
  give,
  issueTicket,
  recordPayment,
  redeemTicket,
  setConsumptionLimit,
  setOwnQuotas,
  spaceCosts,
  spendCredit,
} from '../../../client/costs.js';
import { automaticMinimalAccess } from '../../../domain/costs.js';
import { describeEngines } from '../../../../test/support/engines.js';
import { defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../../test/support/members.js';
import { operatorClient, refusal, withOperators } from '../../../../test/support/operators.js';
import { startTestServer, type TestServer } from '../../../../test/support/server.js';
import { waitFor } from '../../../../test/support/wait.js';
import { spaceOfId } from '../../../shared/ids.js';
import { monthOf, monthsBefore } from '../../tasks/schedule.js';

describeEngines('costs, balances, tickets and gifts', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  let month: string;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 }, tasks: { pollSeconds: 1 } });
    alice = await operatorClient(server.url, 'alice');
    month = monthOf(Date.now(), server.config.tasks.timeZone).month;
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;
  const idOf = (m: Member) => m.client.member.id;
  const spaceOf = (m: Member) => spaceOfId(idOf(m));
  const dueMinimal = async (m: Member) =>
    (
      await server.store.transaction((tx) =>
        automaticMinimalAccess(tx, spaceOf(m), [idOf(m)], { currentMonth: month, averageMonths: server.config.costs.averageMonths }),
      )
    ).has(idOf(m));

  /** A space accepting A accounts, its treasurer, two A accounts (one with a gift from its sponsor) and an O account. */
  async function space() {
    const treasurer = await spaceWithTreasurer(server.url);
    await treasurer.client.call('space.setOptions', { acceptsAAccounts: true });
    const ann = await sponsored(treasurer, 'Ann', { kind: 'A', giftCents: 500 });
    const ben = await sponsored(treasurer, 'Ben', { kind: 'A' });
    const olga = await sponsored(treasurer, 'Olga');
    return { treasurer, ann, ben, olga };
  }

  /** Runs the daily charge now and waits for that run to succeed. */
  async function runCharge() {
    const before = await db().selectFrom('tasks').selectAll().where('kind', '=', 'costs.charge').executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: before.id });
    await waitFor(async () => {
      const row = await db().selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      return row.last_success_at !== null && row.last_success_at !== before.last_success_at && row.state === 'pending';
    });
  }

  it('turns a paid ticket into credit that no stored row ties to the account', async () => {
    const { treasurer, ann } = await space();
    expect((await costs(ann.client)).balance).toEqual({ credits: 0, gifts: 500_000, costs: 0, balance: 500_000 });
    const ticket = issueTicket(1234);
    await recordPayment(treasurer.client, ticket);
    expect((await refusal(recordPayment(treasurer.client, ticket))).code).toBe('TICKET_ALREADY_RECORDED');
    expect((await refusal(redeemTicket(server.url, ann.orgCode, issueTicket(1234)))).code).toBe('TICKET_UNKNOWN');
    expect((await refusal(redeemTicket(server.url, ann.orgCode, { ...ticket, amountCents: 9999 }))).code).toBe('TICKET_AMOUNT_MISMATCH');

    const credit = await redeemTicket(server.url, ann.orgCode, ticket);
    expect((await refusal(redeemTicket(server.url, ann.orgCode, ticket))).code).toBe('TICKET_ALREADY_REDEEMED');
    // A credit is bound to its amount and its token.
    expect((await refusal(spendCredit(ann.client, { ...credit, amountCents: 9999 }))).code).toBe('CREDIT_INVALID');
    expect(
      (await refusal(spendCredit(ann.client, { ...credit, token: credit.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }))).code,
    ).toBe('CREDIT_INVALID');
    expect(await spendCredit(ann.client, credit)).toEqual({ credits: 1_234_000, gifts: 500_000, costs: 0, balance: 1_734_000 });
    expect((await refusal(spendCredit(ann.client, credit))).code).toBe('CREDIT_ALREADY_SPENT');
    expect((await costs(ann.client)).balance?.balance).toBe(1_734_000);

    // What the database holds of it: the ticket's hash and amount, the token's hash; neither the code nor the account.
    const tickets = await db().selectFrom('tickets').selectAll().where('space_id', '=', spaceOf(ann)).execute();
    const spent = await db().selectFrom('spent_credits').selectAll().where('space_id', '=', spaceOf(ann)).execute();
    expect(tickets).toHaveLength(1);
    expect(Object.keys(tickets[0]!).sort()).toEqual(['amount_cents', 'code_hash', 'recorded_at', 'redeemed_at', 'space_id']);
    expect(Object.keys(spent[0]!).sort()).toEqual(['space_id', 'token_hash']);
    const stored = JSON.stringify([tickets, spent]);
    for (const secret of [ticket.code, credit.token, credit.signature, idOf(ann)]) expect(stored).not.toContain(secret);
  });

  it('refuses bad amounts and codes, and credits to other than A accounts, changing nothing', async () => {
    const { treasurer, olga } = await space();
    const authorization = `Bearer ${treasurer.client.sessionToken}`;
    for (const input of [
      { code: 'AAAAAAAAAAAAAAAA', amountCents: 0 },
      { code: 'AAAAAAAAAAAAAAAA', amountCents: -5 },
      { code: 'AAAAAAAAAAAAAAAA', amountCents: 1e12 },
      { code: 'AAAAAAAAAAAAAAAA', amountCents: 1.5 },
      { code: 'lowercase0000000', amountCents: 100 },
      { code: 'AAAA', amountCents: 100 },
    ]) {
      const refused = await server.call('ticket.record', input, { authorization });
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await db().selectFrom('tickets').selectAll().where('space_id', '=', spaceOf(treasurer)).execute()).toEqual([]);
    // Only the treasurer records payments.
    expect((await refusal(recordPayment(olga.client, issueTicket(100)))).code).toBe('FORBIDDEN');
    const ticket = issueTicket(100);
    await recordPayment(treasurer.client, ticket);
    const credit = await redeemTicket(server.url, olga.orgCode, ticket);
    expect((await refusal(spendCredit(olga.client, credit))).code).toBe('ACCOUNT_NOT_A');
    expect((await costs(olga.client)).balance).toBeNull();
  });

  it('lets an A account give to another A account, not to an O account nor beyond its balance', async () => {
    const { ann, ben, olga } = await space();
    const avatar = (m: Member) => m.client.member.avatars[0]!.id;
    expect(await give(ann.client, avatar(ben), 200)).toEqual({ credits: 0, gifts: 300_000, costs: 0, balance: 300_000 });
    expect((await costs(ben.client)).balance?.gifts).toBe(200_000);
    expect((await refusal(give(ann.client, avatar(olga), 100))).code).toBe('ACCOUNT_NOT_A');
    expect((await refusal(give(ann.client, avatar(ben), 301))).code).toBe('BALANCE_TOO_LOW');
    expect((await refusal(give(ann.client, avatar(ann), 1))).code).toBe('GIFT_TO_SELF');
    expect((await refusal(give(olga.client, avatar(ann), 1))).code).toBe('ACCOUNT_NOT_A');
    const refused = await server.call(
      'account.gift',
      { avatarId: avatar(ben), amountCents: -1 },
      { authorization: `Bearer ${ann.client.sessionToken}` },
    );
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect((await costs(ann.client)).balance?.balance).toBe(300_000);
    expect((await costs(ben.client)).balance?.balance).toBe(200_000);
  });

  it('charges the subscription once a day, and a negative balance brings minimal access until paid', async () => {
    const { treasurer, ann, ben, olga } = await space();
    await setOwnQuotas(ann.client, { documents: 1000, volumeBytes: 1_000_000_000 });
    expect((await refusal(setOwnQuotas(ann.client, { documents: 20_000, volumeBytes: 1 }))).code).toBe('QUOTAS_ABOVE_SPACE');
    expect((await refusal(setOwnQuotas(olga.client, { documents: 10, volumeBytes: 1 }))).code).toBe('ACCOUNT_NOT_A');
    // Its sponsor's gift given away, the day's subscription makes its balance negative.
    await give(ann.client, ben.client.member.avatars[0]!.id, 500);
    expect(await dueMinimal(ann)).toBe(false);
    await runCharge();
    const charged = (await costs(ann.client)).balance!;
    expect(charged.costs).toBeGreaterThan(0);
    expect(charged.balance).toBe(-charged.costs);
    expect(await dueMinimal(ann)).toBe(true);
    // A second run the same day charges nothing more.
    await runCharge();
    expect((await costs(ann.client)).balance).toEqual(charged);
    const mine = await costs(ann.client);
    expect(mine.months[0]).toMatchObject({ month, subscription: charged.costs, settled: false });

    const ticket = issueTicket(100);
    await recordPayment(treasurer.client, ticket);
    await spendCredit(ann.client, await redeemTicket(server.url, ann.orgCode, ticket));
    expect(await dueMinimal(ann)).toBe(false);

    // The treasurer sees the month's subscriptions per partition and for A accounts.
    const view = await spaceCosts(treasurer.client);
    expect(view.month).toBe(month);
    expect(view.aAccounts.subscription).toBeGreaterThanOrEqual(charged.costs);
    expect(view.partitions.map((p) => p.partitionId)).toContain(await defaultPartition(treasurer));
    expect(view.space.agreed).toBe(5000 * 1000);
    expect(view.space.total).toBe(view.space.subscription + view.space.consumption);
    expect((await refusal(spaceCosts(olga.client))).code).toBe('FORBIDDEN');
  });

  it("brings an O account over its averaged limit into minimal access, set by its partition's delegate or the treasurer", async () => {
    const { treasurer, ann, olga } = await space();
    const partitionId = await defaultPartition(treasurer);
    expect((await refusal(setConsumptionLimit(olga.client, { accountId: idOf(olga), partitionId, limit: 1 }))).code).toBe('FORBIDDEN');
    expect((await refusal(setConsumptionLimit(treasurer.client, { accountId: idOf(ann), partitionId, limit: 1 }))).code).toBe(
      'ACCOUNT_NOT_FOUND',
    );
    await setConsumptionLimit(treasurer.client, { accountId: idOf(olga), partitionId, limit: 1000 });
    expect((await costs(olga.client)).consumptionLimit).toBe(1000);
    const settle = (monthsAgo: number, consumption: number) =>
      db()
        .insertInto('account_costs')
        .values({ space_id: spaceOf(olga), account_id: idOf(olga), month: monthsBefore(month, monthsAgo), consumption })
        .onConflict((oc) => oc.columns(['space_id', 'account_id', 'month']).doUpdateSet({ consumption }))
        .execute();
    await settle(1, 1500);
    await settle(2, 900);
    expect(await dueMinimal(olga)).toBe(true);
    await settle(3, 0);
    expect(await dueMinimal(olga)).toBe(false);
    await setConsumptionLimit(treasurer.client, { accountId: idOf(olga), partitionId, limit: 500 });
    expect(await dueMinimal(olga)).toBe(true);
    await setConsumptionLimit(treasurer.client, { accountId: idOf(olga), partitionId, limit: null });
    expect(await dueMinimal(olga)).toBe(false);
    expect((await costs(olga.client)).months.map((m) => m.month)).toContain(monthsBefore(month, 1));
  });
});
