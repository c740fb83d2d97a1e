import type { Kysely } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Database } from '../store/schema.js';

// Reading the monthly statistics (computed by the daily task `stats.monthly`): a space's figures
// and its partitions', for a screen or an anonymous CSV export.

export interface MonthRange {
  fromMonth?: string;
  toMonth?: string;
}

export interface MonthFigures {
  month: string;
  frozen: boolean;
  figures: Record<string, number>;
  partitions: { partitionId: string; name: string; figures: Record<string, number> }[];
}

export function checkMonthRange(range: MonthRange): void {
  if (range.fromMonth !== undefined && range.toMonth !== undefined && range.toMonth < range.fromMonth) throw new IlotError('RANGE_INVALID');
}

/** Only numbers: figures are counts and sums, never ids (a stored figure of another type is not shown). */
function numbers(json: string): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [name, value] of Object.entries(JSON.parse(json) as Record<string, unknown>))
    if (typeof value === 'number' && Number.isFinite(value)) figures[name] = value;
  return figures;
}

/** Up to `limit` months of the range after `after` (none: from the start), oldest first, with their partitions. */
export async function statisticsPage(
  db: Kysely<Database>,
  spaceId: number,
  range: MonthRange,
  page: { after?: string; limit: number },
): Promise<MonthFigures[]> {
  let query = db.selectFrom('space_stats').select(['month', 'frozen', 'figures']).where('space_id', '=', spaceId);
  if (range.fromMonth !== undefined) query = query.where('month', '>=', range.fromMonth);
  if (range.toMonth !== undefined) query = query.where('month', '<=', range.toMonth);
  if (page.after !== undefined) query = query.where('month', '>', page.after);
  const months = await query.orderBy('month').limit(page.limit).execute();
  if (months.length === 0) return [];
  const partitions = await db
    .selectFrom('partition_stats')
    .leftJoin('partitions', (join) =>
      join.onRef('partitions.space_id', '=', 'partition_stats.space_id').onRef('partitions.id', '=', 'partition_stats.partition_id'),
    )
    .select(['partition_stats.month', 'partition_stats.partition_id', 'partitions.name', 'partition_stats.figures'])
    .where('partition_stats.space_id', '=', spaceId)
    .where(
      'partition_stats.month',
      'in',
      months.map((m) => m.month),
    )
    .orderBy('partition_stats.month')
    .orderBy('partitions.created_at')
    .orderBy('partition_stats.partition_id')
    .execute();
  return months.map((m) => ({
    month: m.month,
    frozen: Number(m.frozen) === 1,
    figures: numbers(m.figures),
    partitions: partitions
      .filter((p) => p.month === m.month)
      .map((p) => ({ partitionId: p.partition_id, name: p.name ?? '', figures: numbers(p.figures) })),
  }));
}
