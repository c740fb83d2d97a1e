import * as contracts from '../../../shared/operations/audit.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the site's audit log, newest first, filtered, a page at a time (cursor = the last seq seen). */
export const querySiteAudit = defineOperation({
  ...contracts.querySiteAudit,
  access: { plane: 'operator' },
  effect: 'read',
  async run(input, { tx }) {
    const limit = input.limit ?? 100;
    let query = tx.selectFrom('audit_entries').selectAll().where('space_id', '=', siteSpaceId);
    if (input.from !== undefined) query = query.where('at', '>=', input.from);
    if (input.to !== undefined) query = query.where('at', '<', input.to);
    if (input.action !== undefined) query = query.where('action', '=', input.action);
    if (input.actor !== undefined) query = query.where('actor', '=', input.actor);
    if (input.target !== undefined) query = query.where('target', '=', input.target);
    if (input.result !== undefined) query = query.where('result', '=', input.result);
    if (input.before !== undefined) query = query.where('seq', '<', input.before);
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    return {
      entries: page.map((r) => ({
        seq: r.seq,
        at: r.at,
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
      })),
      next: rows.length > limit ? page[page.length - 1]!.seq : null,
    };
  },
});
