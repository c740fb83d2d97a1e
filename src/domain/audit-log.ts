import type { Kysely } from 'kysely';
import { IlotError } from '../shared/errors.js';
import type { Database } from '../store/schema.js';
import type { AuditEntry } from './audit-entries.js';

// Reading an audit log: the same filters for a page on screen and for a CSV export, so that the
// export holds exactly the rows the screen filtered.

export interface AuditFilter {
  from?: number;
  to?: number;
  action?: string;
  actor?: string;
  target?: string;
  result?: 'ok' | 'error';
}

/** A range that ends before it starts names no row: a mistake, refused rather than answered empty. */
export function checkAuditFilter(filter: AuditFilter): void {
  if (filter.from !== undefined && filter.to !== undefined && filter.to < filter.from) throw new IlotError('RANGE_INVALID');
}

/**
 * A space's entries matching `filter`, newest first, with a seq under `before` and at most `upTo`,
 * `limit` of them: pages follow the primary key (space, seq), whatever the filters.
 */
export function auditEntries(
  db: Kysely<Database>,
  spaceId: number,
  filter: AuditFilter,
  page: { before?: number; upTo?: number; limit: number },
): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_entries').selectAll().where('space_id', '=', spaceId);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.target !== undefined) query = query.where('target', '=', filter.target);
  if (filter.result !== undefined) query = query.where('result', '=', filter.result);
  if (page.before !== undefined) query = query.where('seq', '<', page.before);
  if (page.upTo !== undefined) query = query.where('seq', '<=', page.upTo);
  return query.orderBy('seq', 'desc').limit(page.limit).execute();
}

/** An entry as operations and exports show it. */
export function auditEntryView(r: AuditEntry) {
  return {
    seq: Number(r.seq),
    at: Number(r.at),
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
    address: r.address,
    userAgent: r.user_agent,
    result: r.result,
    errorCode: r.error_code,
    requestId: r.request_id,
  };
}

/** A page of entries and the cursor of the next one (null: the last page). */
export async function auditPage(
  db: Kysely<Database>,
  spaceId: number,
  input: AuditFilter & { before?: number; limit?: number },
): Promise<{ entries: ReturnType<typeof auditEntryView>[]; next: number | null }> {
  checkAuditFilter(input);
  const limit = input.limit ?? 100;
  const rows = await auditEntries(db, spaceId, input, {
    ...(input.before === undefined ? {} : { before: input.before }),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { entries: page.map(auditEntryView), next: rows.length > limit ? Number(page[page.length - 1]!.seq) : null };
}
