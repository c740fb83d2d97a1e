import { auditCsvLines, type AuditEntry } from '../../../../src/shared/audit-csv.js';

export type { AuditEntry };

/** The entries as CSV for a spreadsheet: formulas defused, every line ended by CRLF. */
export const auditCsv = (entries: AuditEntry[]): string => auditCsvLines(entries, { defuseFormulas: true }).join('\r\n') + '\r\n';
