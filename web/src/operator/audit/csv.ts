import type { OutputOf } from '../../../../src/shared/operations/index.js';

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

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would take for a formula (=, +, -, @, tab, CR) is
 * prefixed with an apostrophe: audit entries hold text callers chose (targets, user agents).
 */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The entries as CSV, one row each in the order given, times in ISO 8601 (UTC). */
export function auditCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) => columns.map((c) => cell(c === 'at' ? new Date(e.at).toISOString() : e[c])).join(','));
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Has the browser save `text` under `name`: a Blob's address on a link, since the page may run no inline script. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started from the click; the address is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
