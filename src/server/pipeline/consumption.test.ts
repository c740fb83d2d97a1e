import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { LogCapture } from '../../../test/support/server.js';
import { openStore, type Store, type Tx } from '../../store/database.js';
import { migrateUp } from '../../store/migrator.js';
import { accountConsumption, spaceConsumption } from '../../domain/consumption.js';
import { ConsumptionMeter } from './consumption.js';

/** An account's counts from a session that presented no usage key (kept in clear), or one that did. */
const owner = (spaceId: number, accountId: string, usageKey: string | null = null) => ({ spaceId, accountId, usageKey });

describeEngines('consumption meter', (engine) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  async function meterOnFreshStore() {
    const store = await openStore({ url: await engine.freshUrl() });
    stores.push(store);
    await migrateUp(store);
    await sql`insert into spaces (id, org_code, created_at) values (10, 'asso', 0)`.execute(store.db);
    const logs = new LogCapture();
    const meter = new ConsumptionMeter(store, 'Europe/Paris', pino(logs));
    const rows = () => store.db.selectFrom('account_consumption').selectAll().orderBy('account_id').orderBy('month').execute();
    return { store, logs, meter, rows };
  }

  it('keeps the counts of a failed flush and writes them, with later ones, at the next flush', async () => {
    const { store, logs, meter, rows } = await meterOnFreshStore();
    const at = Date.UTC(2025, 2, 10);
    meter.add(owner(10, 'alice'), at, { reads: 2, writes: 1 });
    meter.add(owner(10, 'bob'), at, { uploadedBytes: 500 });

    // The table is unreachable: the flush fails, logs once and loses nothing.
    await sql`alter table account_consumption rename to account_consumption_away`.execute(store.db);
    await meter.flush();
    expect(logs.lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      'could not write consumption counts; they are kept for the next flush',
    ]);
    meter.add(owner(10, 'alice'), at, { reads: 1, downloadedBytes: 70 });
    expect(meter.pending(10, 'alice')).toEqual([{ month: '2025-03', reads: 3, writes: 1, uploadedBytes: 0, downloadedBytes: 70 }]);

    await sql`alter table account_consumption_away rename to account_consumption`.execute(store.db);
    await meter.flush();
    expect(meter.pending(10, 'alice')).toEqual([]);
    expect(await rows()).toEqual([
      { space_id: 10, account_id: 'alice', month: '2025-03', reads: 3, writes: 1, uploaded_bytes: 0, downloaded_bytes: 70, mask_day: 0 },
      { space_id: 10, account_id: 'bob', month: '2025-03', reads: 0, writes: 0, uploaded_bytes: 500, downloaded_bytes: 0, mask_day: 0 },
    ]);

    // Later counts add to the rows; close writes what is left.
    meter.add(owner(10, 'alice'), at, { writes: 4 });
    await meter.close();
    expect((await rows())[0]).toMatchObject({ reads: 3, writes: 5 });
    expect(logs.lines.filter((l) => l.level === 50)).toHaveLength(1);
  });

  it('drops the counts of closed and unknown spaces, which go with their purge', async () => {
    const { store, logs, meter, rows } = await meterOnFreshStore();
    await sql`insert into spaces (id, org_code, created_at, closed_at) values (11, 'gone', 0, 1)`.execute(store.db);
    const at = Date.UTC(2025, 2, 10);
    for (const spaceId of [10, 11, 12]) meter.add(owner(spaceId, `account${spaceId}`), at, { writes: 1 });
    await meter.flush();
    expect((await rows()).map((r) => [r.space_id, r.writes])).toEqual([[10, 1]]);
    expect([meter.pending(11, 'account11'), meter.pending(12, 'account12'), logs.lines.filter((l) => l.level === 50)]).toEqual([
      [],
      [],
      [],
    ]);
    await meter.close();
  });

  it('counts each instant in its month of the site time zone, and skips empty counts', async () => {
    const { meter, rows } = await meterOnFreshStore();
    // 23:30 UTC on 31 January is already February in Paris.
    meter.add(owner(10, 'alice'), Date.UTC(2025, 0, 31, 22, 30), { reads: 1 });
    meter.add(owner(10, 'alice'), Date.UTC(2025, 0, 31, 23, 30), { reads: 1 });
    meter.add(owner(10, 'alice'), Date.UTC(2025, 0, 15), { reads: 1 });
    meter.add(owner(10, 'alice'), Date.UTC(2025, 1, 28, 23, 30), { writes: 1 });
    meter.add(owner(10, 'bob'), Date.UTC(2025, 0, 15), {});
    await meter.close();
    expect((await rows()).map((r) => [r.account_id, r.month, r.reads, r.writes])).toEqual([
      ['alice', '2025-01', 2, 0],
      ['alice', '2025-02', 1, 0],
      ['alice', '2025-03', 0, 1],
    ]);
  });

  it("masks an account's figures with its usage key, keeping the space's totals in clear", async () => {
    const { store, meter, rows } = await meterOnFreshStore();
    const usageKey = randomBytes(32).toString('base64url');
    const at = Date.UTC(2025, 2, 10);
    meter.add(owner(10, 'alice', usageKey), at, { reads: 2, uploadedBytes: 1234 });
    meter.add(owner(10, 'bob'), at, { reads: 1, uploadedBytes: 100 });
    await meter.flush();
    const [alice] = await rows();
    expect(alice!.mask_day).toBeGreaterThan(0);
    expect([alice!.reads, alice!.uploaded_bytes].map(Number)).not.toEqual([2, 1234]);
    const alices = { spaceId: 10, accountId: 'alice', usageKey };
    const read = <T>(query: (tx: Tx) => Promise<T>) => store.transaction(query);
    expect(await read((tx) => accountConsumption(tx, alices, '2025-01'))).toEqual([
      { month: '2025-03', reads: 2, writes: 0, uploadedBytes: 1234, downloadedBytes: 0 },
    ]);
    await expect(read((tx) => accountConsumption(tx, { ...alices, usageKey: null }, '2025-01'))).rejects.toMatchObject({
      code: 'USAGE_KEY_MISSING',
    });
    // Counts from a session without the key add to the masked row all the same.
    meter.add(owner(10, 'alice'), at, { writes: 3 });
    await meter.close();
    expect((await read((tx) => accountConsumption(tx, alices, '2025-01')))[0]).toMatchObject({ reads: 2, writes: 3, uploadedBytes: 1234 });
    expect(await read((tx) => spaceConsumption(tx, 10, '2025-03'))).toEqual({
      reads: 3,
      writes: 3,
      uploadedBytes: 1334,
      downloadedBytes: 0,
    });
  });
});
