import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../test/support/engines.js';
import { openStore, type Store } from '../store/database.js';
import { migrateUp } from '../store/migrator.js';
import { addUsage, maskUsage, takeUsage, unmaskUsage, useOf, type UsageOwner } from './usage.js';

const day = 86_400_000;
/** Noon of a day counted from 1970. */
const noonOf = (n: number) => n * day + day / 2;
const today = 20_000;

describeEngines('masked account usage', (engine) => {
  let store: Store;
  const stores: Store[] = [];
  const owner: UsageOwner & { usageKey: string } = { spaceId: 10, accountId: 'a1', usageKey: randomBytes(32).toString('base64url') };
  const stored = () =>
    store.db
      .selectFrom('account_usage')
      .select(['documents', 'volume_bytes', 'mask_day'])
      .where('account_id', '=', owner.accountId)
      .executeTakeFirstOrThrow();
  const add = (change: { documents?: number; volumeBytes?: number }, at: number, who: UsageOwner = owner) =>
    store.transaction((tx) => addUsage(tx, who, change, at));

  beforeEach(async () => {
    store = await openStore({ url: await engine.freshUrl() });
    stores.push(store);
    await migrateUp(store);
    await sql`insert into spaces (id, org_code, created_at) values (10, 'asso', 0)`.execute(store.db);
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('stores figures that are not the usage, exact once unmasked, under a new mask each day', async () => {
    await add({ documents: 3, volumeBytes: 1000 }, noonOf(today));
    const first = await stored();
    expect(Number(first.mask_day)).toBe(today);
    expect([Number(first.documents), Number(first.volume_bytes)]).not.toEqual([3, 1000]);
    expect(unmaskUsage(first, owner.usageKey)).toEqual({ documents: 3, volumeBytes: 1000 });
    // Another key reads noise; no key reads nothing.
    expect(unmaskUsage(first, randomBytes(32).toString('base64url'))).not.toEqual({ documents: 3, volumeBytes: 1000 });
    expect(() => unmaskUsage(first, null)).toThrow(expect.objectContaining({ code: 'USAGE_KEY_MISSING' }));

    // The same day, figures move by what was added: the row keeps its mask.
    await add({ documents: 1 }, noonOf(today) + 1000);
    const later = await stored();
    expect(Number(later.documents) - Number(first.documents)).toBe(1);

    // The next day's first change takes a new mask: two copies a day apart do not subtract.
    await add({ documents: 1 }, noonOf(today + 1));
    const next = await stored();
    expect(Number(next.mask_day)).toBe(today + 1);
    expect(Number(next.documents) - Number(later.documents)).not.toBe(1);
    expect(unmaskUsage(next, owner.usageKey)).toEqual({ documents: 5, volumeBytes: 1000 });
  });

  it('adds and releases without the key, keeping the mask', async () => {
    await add({ documents: 4, volumeBytes: 500 }, noonOf(today));
    await add({ documents: -1, volumeBytes: -200 }, noonOf(today + 3), { ...owner, usageKey: null });
    const row = await stored();
    expect(Number(row.mask_day)).toBe(today);
    expect(unmaskUsage(row, owner.usageKey)).toEqual({ documents: 3, volumeBytes: 300 });
  });

  it('masks a row kept in clear (before the upgrade) or missing, once a day, when a session presents the key', async () => {
    await store.db
      .insertInto('account_usage')
      .values({ space_id: 10, account_id: owner.accountId, documents: 7, volume_bytes: 70 })
      .execute();
    expect(unmaskUsage(await stored(), null)).toEqual({ documents: 7, volumeBytes: 70 });
    await store.transaction((tx) => maskUsage(tx, owner, noonOf(today)));
    const masked = await stored();
    expect(Number(masked.mask_day)).toBe(today);
    expect(Number(masked.documents)).not.toBe(7);
    expect(unmaskUsage(masked, owner.usageKey)).toEqual({ documents: 7, volumeBytes: 70 });
    await store.transaction((tx) => maskUsage(tx, owner, noonOf(today) + 60_000));
    expect(await stored()).toEqual(masked);

    const other = { ...owner, accountId: 'a2' };
    await store.transaction((tx) => maskUsage(tx, other, noonOf(today)));
    const fresh = await store.db.selectFrom('account_usage').selectAll().where('account_id', '=', 'a2').executeTakeFirstOrThrow();
    expect(unmaskUsage(fresh, owner.usageKey)).toEqual({ documents: 0, volumeBytes: 0 });
  });

  it('refuses a growth past a quota on the true figures, leaving the row as it was', async () => {
    await add({ documents: 4 }, noonOf(today));
    const before = await stored();
    const quotas = useOf({ ...before, quota_documents: 5, quota_volume_bytes: null }, owner.usageKey);
    expect(quotas.documents).toEqual({ used: 4, quota: 5 });
    await store.transaction((tx) => takeUsage(tx, owner, { documents: 1 }, quotas, noonOf(today)));
    await expect(store.transaction((tx) => takeUsage(tx, owner, { documents: 1 }, quotas, noonOf(today)))).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    expect(unmaskUsage(await stored(), owner.usageKey)).toEqual({ documents: 5, volumeBytes: 0 });
  });
});
