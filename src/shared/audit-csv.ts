import type { OutputOf } from './operations/index.js';

// The audit log as CSV (RFC 4180), one shape for `ilot audit query --csv` and the operators'
// console: a header, then one line per entry with every column, times in ISO 8601 (UTC), details
// as JSON, CRLF line ends.

export type AuditEntry = OutputOf<'audit.querySite'>['entries'][number];

const columns = [
  'seq',
  'at',
  'actor',
  'role',
  'action',
  'target',
  'result',
  'errorCode',
  'address',
  'userAgent',
  'requestId',
  'details',
] as const;

export interface CsvOptions {
  /**
   * Prefix with an apostrophe a cell a spreadsheet would take for a formula (=, +, -, @, tab, CR):
   * audit entries hold text callers chose (targets, user agents). Off, the cells are exact, for programs.
   */
  defuseFormulas: boolean;
}

/** One CSV cell: quoted when it holds a quote, a comma or a line break, its quotes doubled. */
export function csvCell(value: unknown, { defuseFormulas }: CsvOptions): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (defuseFormulas && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line. */
export const auditCsvHeader = columns.join(',');

/** One entry as a CSV line (to be ended by CRLF). */
export function auditCsvLine(e: AuditEntry, options: CsvOptions): string {
  const cell = (c: (typeof columns)[number]) => {
    if (c === 'at') return new Date(e.at).toISOString();
    if (c === 'details') return e.details === null ? null : JSON.stringify(e.details);
    return e[c];
  };
  return columns.map((c) => csvCell(cell(c), options)).join(',');
}

/** The entries as CSV lines, the header first, in the order given (each line to be ended by CRLF). */
export function auditCsvLines(entries: AuditEntry[], options: CsvOptions): string[] {
  return [auditCsvHeader, ...entries.map((e) => auditCsvLine(e, options))];
}
