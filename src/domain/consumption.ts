import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import { dayOf, maskOf, remask, unmasked, type Measure } from './masks.js';
import type { UsageOwner } from './usage.js';

// What accounts consume per month (billing data, not quotas): documents read and written, file
// bytes uploaded and downloaded. Each account's row is masked (see masks.ts): its uploads, for one,
// would otherwise add up to the sizes of its avatars' files. The space's totals, which only the
// whole space adds up to, are kept in clear for the treasurer's and the operator's figures.

/** What an account consumes: documents read and written, file bytes uploaded and downloaded. */
export interface Consumption {
  reads: number;
  writes: number;
  uploadedBytes: number;
  downloadedBytes: number;
}

export interface MonthlyConsumption extends Consumption {
  /** `YYYY-MM` in the site's time zone (`tasks.timeZone`). */
  month: string;
}

/** Adds `delta` to `total` in place. */
export function addConsumption<T extends Consumption>(total: T, delta: Partial<Consumption>): T {
  total.reads += delta.reads ?? 0;
  total.writes += delta.writes ?? 0;
  total.uploadedBytes += delta.uploadedBytes ?? 0;
  total.downloadedBytes += delta.downloadedBytes ?? 0;
  return total;
}

export function noConsumption(): Consumption {
  return { reads: 0, writes: 0, uploadedBytes: 0, downloadedBytes: 0 };
}

/** The stored columns of a consumption row, each with the measure of its mask. */
const columns = { reads: 'reads', writes: 'writes', uploaded_bytes: 'uploaded', downloaded_bytes: 'downloaded' } as const satisfies Record<
  string,
  Measure
>;
const fields = { reads: 'reads', writes: 'writes', uploaded_bytes: 'uploadedBytes', downloaded_bytes: 'downloadedBytes' } as const;
type Column = keyof typeof columns;

/**
 * Adds an account's counts of a month to its row, masked at once when the key is known (a row
 * of an earlier day moves to the day's mask), in the caller's transaction.
 */
export async function addAccountConsumption(tx: Tx, owner: UsageOwner, month: string, counts: Consumption, now: number): Promise<void> {
  const day = owner.usageKey === null ? 0 : dayOf(now);
  const key = owner.usageKey ?? '';
  const values = Object.fromEntries(
    (Object.keys(columns) as Column[]).map((c) => [c, counts[fields[c]] + maskOf(key, columns[c], day)]),
  ) as Record<Column, number>;
  const row = await tx
    .insertInto('account_consumption')
    .values({ space_id: owner.spaceId, account_id: owner.accountId, month, ...values, mask_day: day })
    .onConflict((oc) =>
      oc.columns(['space_id', 'account_id', 'month']).doUpdateSet((eb) => ({
        reads: eb('account_consumption.reads', '+', counts.reads),
        writes: eb('account_consumption.writes', '+', counts.writes),
        uploaded_bytes: eb('account_consumption.uploaded_bytes', '+', counts.uploadedBytes),
        downloaded_bytes: eb('account_consumption.downloaded_bytes', '+', counts.downloadedBytes),
      })),
    )
    .returning('mask_day')
    .executeTakeFirstOrThrow();
  const stored = Number(row.mask_day);
  if (owner.usageKey !== null && stored !== day)
    await remask(
      tx,
      'account_consumption',
      { space_id: owner.spaceId, account_id: owner.accountId, month },
      columns,
      owner.usageKey,
      stored,
      day,
    );
}

/** Adds counts of a month to the space's totals, in clear. */
export async function addSpaceConsumption(tx: Tx, spaceId: number, month: string, counts: Consumption): Promise<void> {
  await tx
    .insertInto('space_consumption')
    .values({
      space_id: spaceId,
      month,
      reads: counts.reads,
      writes: counts.writes,
      uploaded_bytes: counts.uploadedBytes,
      downloaded_bytes: counts.downloadedBytes,
    })
    .onConflict((oc) =>
      oc.columns(['space_id', 'month']).doUpdateSet((eb) => ({
        reads: eb('space_consumption.reads', '+', eb.ref('excluded.reads')),
        writes: eb('space_consumption.writes', '+', eb.ref('excluded.writes')),
        uploaded_bytes: eb('space_consumption.uploaded_bytes', '+', eb.ref('excluded.uploaded_bytes')),
        downloaded_bytes: eb('space_consumption.downloaded_bytes', '+', eb.ref('excluded.downloaded_bytes')),
      })),
    )
    .execute();
}

/** An account's consumption of each month from `from` on, unmasked with its session's key (USAGE_KEY_MISSING without one). */
export async function accountConsumption(tx: Tx, owner: UsageOwner, from: string): Promise<MonthlyConsumption[]> {
  const rows = await tx
    .selectFrom('account_consumption')
    .select(['month', 'reads', 'writes', 'uploaded_bytes', 'downloaded_bytes', 'mask_day'])
    .where('space_id', '=', owner.spaceId)
    .where('account_id', '=', owner.accountId)
    .where('month', '>=', from)
    .execute();
  return rows.map((row) => {
    const day = Number(row.mask_day);
    if (day !== 0 && owner.usageKey === null) throw new IlotError('USAGE_KEY_MISSING');
    const figure = (c: Column) => unmasked(row[c], owner.usageKey ?? '', columns[c], day);
    return {
      month: row.month,
      reads: figure('reads'),
      writes: figure('writes'),
      uploadedBytes: figure('uploaded_bytes'),
      downloadedBytes: figure('downloaded_bytes'),
    };
  });
}

/** A space's consumption of a month. */
export async function spaceConsumption(tx: Tx, spaceId: number, month: string): Promise<Consumption> {
  const row = await tx
    .selectFrom('space_consumption')
    .select(['reads', 'writes', 'uploaded_bytes', 'downloaded_bytes'])
    .where('space_id', '=', spaceId)
    .where('month', '=', month)
    .executeTakeFirst();
  return {
    reads: Number(row?.reads ?? 0),
    writes: Number(row?.writes ?? 0),
    uploadedBytes: Number(row?.uploaded_bytes ?? 0),
    downloadedBytes: Number(row?.downloaded_bytes ?? 0),
  };
}
