import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { auditCsvLines } from '../../src/shared/audit-csv.js';
import { describeEngines } from '../support/engines.js';
import { waitFor } from '../support/wait.js';
import { operatorClient, refusal, withOperators } from '../support/operators.js';
import { spaceWithTreasurer, sponsored, type Member } from '../support/members.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { monthOf } from '../../src/server/tasks/schedule.js';

describeEngines('licence dashboard, statistics and the space audit log', (engine) => {
  let server: TestServer;
  let alice: IlotClient;
  let treasurer: Member & { operator: IlotClient };
  let dora: Member;
  let spaceId: number;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), tasks: { pollSeconds: 1 } });
    alice = await operatorClient(server.url, 'alice');
    treasurer = await spaceWithTreasurer(server.url, { maxAccounts: 4 });
    dora = await sponsored(treasurer, 'Dora');
    await new IlotClient(server.url).signIn(treasurer.orgCode, 'not the passphrase of anyone here').catch(() => undefined);
    spaceId = (await db().selectFrom('spaces').select('id').where('org_code', '=', treasurer.orgCode).executeTakeFirstOrThrow()).id;
  });
  afterAll(() => server.stop());

  const db = () => server.store.db;

  /** Runs a daily kind now and waits for that run to succeed. */
  async function runDaily(kind: string) {
    const before = await db().selectFrom('tasks').selectAll().where('kind', '=', kind).executeTakeFirstOrThrow();
    await alice.call('tasks.runNow', { id: before.id });
    await waitFor(async () => {
      const row = await db().selectFrom('tasks').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      return row.last_success_at !== null && row.last_success_at !== before.last_success_at && row.state === 'pending';
    });
  }

  const exportCsv = (name: string, body: unknown, token: string | null) =>
    fetch(`${server.url}/api/exports/${name}.csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it("gives the treasurer the space's audit log, filtered and paged; a member is refused", async () => {
    const all = await treasurer.client.call('audit.querySpace', { limit: 500 });
    expect(all.entries.length).toBeGreaterThan(1);
    const failed = await treasurer.client.call('audit.querySpace', { result: 'error' });
    expect(failed.entries.length).toBeGreaterThan(0);
    expect(failed.entries.every((e) => e.result === 'error')).toBe(true);
    const action = all.entries[0]!.action;
    const byAction = await treasurer.client.call('audit.querySpace', { action });
    expect(byAction.entries.map((e) => e.seq)).toEqual(all.entries.filter((e) => e.action === action).map((e) => e.seq));
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await treasurer.client.call('audit.querySpace', { limit: 2, ...(before ? { before } : {}) });
      seen.push(...page.entries.map((e) => e.seq));
      if (page.next === null) break;
      before = page.next;
    }
    expect(seen).toEqual(all.entries.map((e) => e.seq));
    expect((await refusal(dora.client.call('audit.querySpace'))).code).toBe('FORBIDDEN');
    expect((await refusal(treasurer.client.call('audit.querySpace', { from: 10, to: 5 }))).code).toBe('RANGE_INVALID');
  });

  it('exports exactly the filtered rows as CSV, streamed; bad filters and members are refused', async () => {
    const token = treasurer.client.sessionToken!;
    for (const filter of [{}, { result: 'error' as const }, { from: 0, to: Date.now() + 60_000, result: 'ok' as const }]) {
      const expected = (await treasurer.client.call('audit.querySpace', { ...filter, limit: 500 })).entries;
      const reply = await exportCsv('audit', filter, token);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('text/csv');
      expect(reply.headers.get('content-disposition')).toMatch(new RegExp(`audit-${treasurer.orgCode}-\\d{4}-\\d{2}-\\d{2}\\.csv`));
      expect(await reply.text()).toBe(
        auditCsvLines(expected, { defuseFormulas: true })
          .map((l) => `${l}\r\n`)
          .join(''),
      );
    }
    for (const bad of [{ from: 10, to: 5 }, { result: 'maybe' }, { seq: 1 }, { from: -1 }]) {
      const reply = await exportCsv('audit', bad, token);
      expect(reply.status).toBe(400);
      expect(((await reply.json()) as { code: string }).code).toMatch(/RANGE_INVALID|VALIDATION_FAILED/);
    }
    const member = await exportCsv('audit', {}, dora.client.sessionToken!);
    expect([member.status, ((await member.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    expect((await exportCsv('audit', {}, null)).status).toBe(401);
  });

  it('shows usage against quotas to the treasurer and the operator, a member is refused', async () => {
    const licence = await treasurer.client.call('licence.show');
    expect(licence.space.accounts).toEqual({ used: 2, quota: 4, level: 0 });
    expect(licence.space.monthlyCents.used).toBeNull();
    // The treasurer is in no partition; Dora is in the default one.
    expect(licence.partitions[0]!.gauges.accounts.used).toBe(1);
    expect(await alice.call('licence.showSpace', { orgCode: treasurer.orgCode })).toEqual(licence);
    expect((await refusal(dora.client.call('licence.show'))).code).toBe('FORBIDDEN');
    expect((await refusal(alice.call('licence.showSpace', { orgCode: 'nosuchspace' }))).code).toBe('SPACE_NOT_FOUND');
  });

  it('reports each threshold once per crossing, and again after a drop below it', async () => {
    const warnings = async () => (await treasurer.client.call('licence.show')).warnings.filter((w) => w.measure === 'accounts');
    // 2 accounts of 4: under 75 %.
    await runDaily('quotas.watch');
    expect(await warnings()).toEqual([]);
    await db().updateTable('spaces').set({ max_accounts: 2 }).where('id', '=', spaceId).execute();
    await runDaily('quotas.watch');
    const first = await warnings();
    expect(first.map((w) => [w.partitionId, w.level, w.used, w.quota])).toEqual([[null, 100, 2, 2]]);
    // The next day, nothing new: the same report stands.
    await runDaily('quotas.watch');
    expect(await warnings()).toEqual(first);
    // Down to 66 %: under every threshold, the record goes; back to 100 %: reported again.
    await db().updateTable('spaces').set({ max_accounts: 3 }).where('id', '=', spaceId).execute();
    await runDaily('quotas.watch');
    expect((await warnings()).map((w) => w.level)).toEqual([]);
    await db().updateTable('spaces').set({ max_accounts: 2 }).where('id', '=', spaceId).execute();
    await runDaily('quotas.watch');
    const again = await warnings();
    expect(again.map((w) => w.level)).toEqual([100]);
    expect(again[0]!.reportedAt).toBeGreaterThan(first[0]!.reportedAt);
    await db().updateTable('spaces').set({ max_accounts: 4 }).where('id', '=', spaceId).execute();
  });

  it('computes monthly figures per space and partition, freezes ended months, exports them without any account id', async () => {
    const partitionId = (await treasurer.client.call('partition.list')).partitions[0]!.id;
    await db()
      .insertInto('partition_stats')
      .values({ space_id: spaceId, month: '2000-01', partition_id: partitionId, figures: '{"accountsO":7}', frozen: 0, computed_at: 0 })
      .execute();
    await db()
      .insertInto('space_stats')
      .values({ space_id: spaceId, month: '2000-01', figures: '{"accounts":9}', frozen: 0, computed_at: 0 })
      .execute();
    await runDaily('stats.monthly');
    const { months } = await treasurer.client.call('stats.list', {});
    const month = monthOf(Date.now(), 'UTC').month;
    expect(months.map((m) => [m.month, m.frozen])).toEqual([
      ['2000-01', true],
      [month, false],
    ]);
    // A frozen month keeps its figures, however often the task runs again.
    await runDaily('stats.monthly');
    const again = await treasurer.client.call('stats.list', { toMonth: '2000-12' });
    expect(again.months.map((m) => [m.month, m.frozen, m.figures.accounts, m.partitions[0]!.figures.accountsO])).toEqual([
      ['2000-01', true, 9, 7],
    ]);
    const current = months[1]!;
    expect(current.figures).toMatchObject({ accounts: 2, accountsO: 1 });
    expect(current.partitions).toEqual([
      expect.objectContaining({ partitionId, figures: expect.objectContaining({ accountsO: 1, sponsorshipsAccepted: 1 }) }),
    ]);

    const reply = await exportCsv('stats', {}, treasurer.client.sessionToken!);
    expect(reply.status).toBe(200);
    const csv = await reply.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^month,frozen,partition,partitionName,accounts,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '2000-01,1,',
      `2000-01,1,${partitionId}`,
      `${month},0,`,
      `${month},0,${partitionId}`,
    ]);
    const accounts = await db().selectFrom('accounts').select('id').where('space_id', '=', spaceId).execute();
    expect(accounts.length).toBe(2);
    for (const { id } of accounts) expect(csv).not.toContain(id);
    expect((await exportCsv('stats', { fromMonth: '2001-01', toMonth: '2000-01' }, treasurer.client.sessionToken!)).status).toBe(400);
    expect((await exportCsv('stats', { fromMonth: '2000-13' }, treasurer.client.sessionToken!)).status).toBe(400);
    expect((await exportCsv('stats', {}, dora.client.sessionToken!)).status).toBe(403);
    expect((await refusal(dora.client.call('stats.list', {}))).code).toBe('FORBIDDEN');
  });
});
