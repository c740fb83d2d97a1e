import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { describeEngines } from '../../../test/support/engines.js';
import { LogCapture } from '../../../test/support/server.js';
import { openStore, type Store } from '../../store/database.js';
import { migrateUp } from '../../store/migrator.js';
import { ConsumptionMeter } from './consumption.js';

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
    meter.add(10, 'alice', at, { reads: 2, writes: 1 });
    meter.add(10, 'bob', at, { uploadedBytes: 500 });

    // The table is unreachable: the flush fails, logs once and loses nothing.
    await sql`alter table account_consumption rename to account_consumption_away`.execute(store.db);
    await meter.flush();
    expect(logs.lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([
      'could not write consumption counts; they are kept for the next flush',
    ]);
    meter.add(10, 'alice', at, { reads: 1, downloadedBytes: 70 });
    expect(meter.pending(10, 'alice')).toEqual([{ month: '2025-03', reads: 3, writes: 1, uploadedBytes: 0, downloadedBytes: 70 }]);

    await sql`alter table account_consumption_away rename to account_consumption`.execute(store.db);
    await meter.flush();
    expect(meter.pending(10, 'alice')).toEqual([]);
    expect(await rows()).toEqual([
      { space_id: 10, account_id: 'alice', month: '2025-03', reads: 3, writes: 1, uploaded_bytes: 0, downloaded_bytes: 70 },
      { space_id: 10, account_id: 'bob', month: '2025-03', reads: 0, writes: 0, uploaded_bytes: 500, downloaded_bytes: 0 },
    ]);

    // Later counts add to the rows; close writes what is left.
    meter.add(10, 'alice', at, { writes: 4 });
    await meter.close();
    expect((await rows())[0]).toMatchObject({ reads: 3, writes: 5 });
    expect(logs.lines.filter((l) => l.level === 50)).toHaveLength(1);
  });

  it('drops the counts of closed and unknown spaces, which go with their purge', async () => {
    const { store, logs, meter, rows } = await meterOnFreshStore();
    await sql`insert into spaces (id, org_code, created_at, closed_at) values (11, 'gone', 0, 1)`.execute(store.db);
    const at = Date.UTC(2025, 2, 10);
    for (const spaceId of [10, 11, 12]) meter.add(spaceId, `account${spaceId}`, at, { writes: 1 });
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
    meter.add(10, 'alice', Date.UTC(2025, 0, 31, 22, 30), { reads: 1 });
    meter.add(10, 'alice', Date.UTC(2025, 0, 31, 23, 30), { reads: 1 });
    meter.add(10, 'alice', Date.UTC(2025, 0, 15), { reads: 1 });
    meter.add(10, 'alice', Date.UTC(2025, 1, 28, 23, 30), { writes: 1 });
    meter.add(10, 'bob', Date.UTC(2025, 0, 15), {});
    await meter.close();
    expect((await rows()).map((r) => [r.account_id, r.month, r.reads, r.writes])).toEqual([
      ['alice', '2025-01', 2, 0],
      ['alice', '2025-02', 1, 0],
      ['alice', '2025-03', 0, 1],
    ]);
  });
});
