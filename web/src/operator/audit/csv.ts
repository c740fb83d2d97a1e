import { auditCsvLines, type AuditEntry } from '../../../../src/shared/audit-csv.js';

export type { AuditEntry };

/** The entries as CSV for a spreadsheet: formulas defused, every line ended by CRLF. */
export const auditCsv = (entries: AuditEntry[]): string => auditCsvLines(entries, { defuseFormulas: true }).join('\r\n') + '\r\n';

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
