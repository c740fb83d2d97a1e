import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { auditEntries, auditEntryView } from '../../domain/audit-log.js';
import { statisticsPage } from '../../domain/statistics.js';
import { auditCsvHeader, auditCsvLine, csvCell } from '../../shared/audit-csv.js';
import type { AuditFilters } from '../../shared/operations/audit.js';
import { statisticsColumns, type MonthRange } from '../../shared/operations/reporting.js';
import type { Store } from '../../store/database.js';
import type { AnyOperation } from '../pipeline/operation.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { callerOf, validatedByPipeline } from './operation-routes.js';

/** Rows read per query: the export holds one page at a time, whatever its length. */
const pageRows = 1000;
/** Cells a spreadsheet would take for formulas are defused: audit entries hold text callers chose. */
const forPeople = { defuseFormulas: true };

const today = () => new Date().toISOString().slice(0, 10);

/** The audit entries the filters match, newest first, up to the last one when the export began, as CSV lines. */
export async function* auditCsv(store: Store, spaceId: number, filter: Static<typeof AuditFilters>, upTo: number) {
  yield `${auditCsvHeader}\r\n`;
  let before: number | undefined;
  for (;;) {
    const rows = await auditEntries(store.db, spaceId, filter, { upTo, ...(before === undefined ? {} : { before }), limit: pageRows });
    if (rows.length === 0) return;
    yield rows.map((r) => `${auditCsvLine(auditEntryView(r), forPeople)}\r\n`).join('');
    before = Number(rows[rows.length - 1]!.seq);
  }
}

/** The monthly figures of the space (partition columns empty) then of each partition; figures only, never an id of an account. */
async function* statisticsCsv(store: Store, spaceId: number, range: Static<typeof MonthRange>) {
  yield `${['month', 'frozen', 'partition', 'partitionName', ...statisticsColumns].join(',')}\r\n`;
  let after: string | undefined;
  for (;;) {
    const months = await statisticsPage(store.db, spaceId, range, { ...(after === undefined ? {} : { after }), limit: 100 });
    if (months.length === 0) return;
    for (const m of months) {
      const line = (partition: string, name: string, figures: Record<string, number>) =>
        [m.month, m.frozen ? 1 : 0, partition, name, ...statisticsColumns.map((c) => figures[c])]
          .map((v) => csvCell(v, forPeople))
          .join(',');
      yield [line('', '', m.figures), ...m.partitions.map((p) => line(p.partitionId, p.name, p.figures))].map((l) => `${l}\r\n`).join('');
    }
    after = months[months.length - 1]!.month;
  }
}

/**
 * CSV exports, POST /api/exports/<name>.csv with the filters as a JSON body: their operation goes
 * through the pipeline (validation, authentication, permission), then the rows stream from the
 * database a page at a time, never held whole in memory.
 */
export function installCsvRoutes(
  app: FastifyInstance,
  pipeline: Pipeline,
  store: Store,
  operations: { audit: AnyOperation; statistics: AnyOperation },
): void {
  const routes = [
    {
      path: '/api/exports/audit.csv',
      operation: operations.audit,
      async lines(input: unknown, output: unknown) {
        const { spaceId, orgCode, upTo } = output as { spaceId: number; orgCode: string; upTo: number };
        return { name: `audit-${orgCode}-${today()}.csv`, lines: auditCsv(store, spaceId, input as Static<typeof AuditFilters>, upTo) };
      },
    },
    {
      path: '/api/exports/stats.csv',
      operation: operations.statistics,
      async lines(input: unknown, output: unknown) {
        const { spaceId, orgCode } = output as { spaceId: number; orgCode: string };
        return { name: `statistics-${orgCode}-${today()}.csv`, lines: statisticsCsv(store, spaceId, input as Static<typeof MonthRange>) };
      },
    },
  ];
  for (const route of routes) {
    pipeline.register(route.operation);
    app.post(
      route.path,
      {
        schema: {
          summary: route.operation.summary,
          tags: ['admin', 'exports'],
          security: [{ session: [] }],
          body: route.operation.input,
          response: { '4xx': { $ref: 'ErrorBody#' }, '5xx': { $ref: 'ErrorBody#' } },
        },
        validatorCompiler: validatedByPipeline,
      },
      async (request, reply) => {
        const input = request.body ?? {};
        const output = await pipeline.execute(route.operation, input, callerOf(request));
        const { name, lines } = await route.lines(input, output);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'private, no-store')
          .send(Readable.from(lines));
      },
    );
  }
}
