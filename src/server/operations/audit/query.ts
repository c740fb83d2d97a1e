import { Type } from '@sinclair/typebox';
import { Nullable } from '../../../shared/protocol.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.Integer(),
  actor: Type.String(),
  role: Type.String(),
  action: Type.String(),
  target: Nullable(Type.String()),
  details: Type.Unknown(),
  address: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  result: Type.String(),
  errorCode: Nullable(Type.String()),
  requestId: Type.String(),
});

/** Operators: the site's audit log, newest first, filtered, a page at a time (cursor = the last seq seen). */
export const querySiteAudit = defineOperation({
  name: 'audit.querySite',
  summary: "Query the site's audit log",
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object(
    {
      from: Type.Optional(Type.Integer({ minimum: 0, description: 'from this time (ms), included' })),
      to: Type.Optional(Type.Integer({ minimum: 0, description: 'before this time (ms)' })),
      action: Type.Optional(Type.String({ maxLength: 100 })),
      actor: Type.Optional(Type.String({ maxLength: 100 })),
      target: Type.Optional(Type.String({ maxLength: 200 })),
      result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')])),
      before: Type.Optional(Type.Integer({ minimum: 1, description: 'cursor: entries with a smaller seq' })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ entries: Type.Array(Entry), next: Type.Union([Type.Integer(), Type.Null()], { description: 'cursor of the next page, null at the end' }) }),
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
    const rows = await query.orderBy('seq', 'desc').limit(limit + 1).execute();
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
