import { Type } from '@sinclair/typebox';
import { Count, Serial, Timestamp } from '../integers.js';
import { Nullable } from '../protocol.js';
import { defineContract } from './contract.js';

// Contracts of the audit operations (see contract.ts).

/** An entry of an audit log: who did what, from where, and how it ended. */
export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.Integer(),
  actor: Type.String(),
  role: Type.String(),
  action: Type.String(),
  target: Nullable(Type.String()),
  details: Type.Unknown(),
  address: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  result: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  errorCode: Nullable(Type.String()),
  requestId: Type.String(),
});

/** What an audit log is filtered by: every filter narrows, none lists all. */
const auditFilters = {
  from: Type.Optional(Timestamp({ description: 'from this time (ms), included' })),
  to: Type.Optional(Timestamp({ description: 'before this time (ms)' })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.Optional(Type.String({ maxLength: 200 })),
  result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')])),
};

const AuditQuery = Type.Object(
  {
    ...auditFilters,
    before: Type.Optional(Serial({ minimum: 1, description: 'cursor: entries with a smaller seq' })),
    limit: Type.Optional(Count(500, { minimum: 1, default: 100 })),
  },
  { additionalProperties: false },
);

const AuditPage = Type.Object({
  entries: Type.Array(AuditEntry),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'cursor of the next page, null at the end' }),
});

export const querySiteAudit = defineContract({
  name: 'audit.querySite',
  summary: "Query the site's audit log",
  input: AuditQuery,
  output: AuditPage,
});

export const querySpaceAudit = defineContract({
  name: 'audit.querySpace',
  summary: "Query the space's audit log (treasurer)",
  input: AuditQuery,
  output: AuditPage,
});

/** The filters of a CSV export, as the export route receives them. */
export const AuditFilters = Type.Object(auditFilters, { additionalProperties: false });

export const exportSpaceAudit = defineContract({
  name: 'audit.exportSpace',
  summary: "Export the space's audit log as CSV, exactly the filtered rows (POST /api/exports/audit.csv)",
  input: AuditFilters,
  output: Type.Object({
    spaceId: Type.Integer(),
    orgCode: Type.String(),
    upTo: Type.Integer({ description: 'the last entry when the export began: later ones are not in it' }),
  }),
});
