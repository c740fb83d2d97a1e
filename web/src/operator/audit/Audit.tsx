import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditLog, type AuditQuery } from '../../ui/audit/AuditLog';
import { auditCsv, type AuditEntry } from '../../ui/audit/csv';
import { download } from '../../ui/download';
import { useOperator } from '../session';

/** The site's audit log, filtered; the filtered rows, all of them, exported as CSV. */
export function Audit() {
  const { t } = useTranslation();
  const { client } = useOperator();
  const read = useCallback(
    (query: AuditQuery, limit: number, before?: number) => client.call('audit.querySite', { ...query, limit, ...(before && { before }) }),
    [client],
  );

  // Every row the filters select, not only the pages shown: read to the end, then saved.
  const save = async (query: AuditQuery) => {
    const all: AuditEntry[] = [];
    let before: number | undefined;
    do {
      const { entries, next } = await read(query, 500, before);
      all.push(...entries);
      before = next ?? undefined;
    } while (before !== undefined);
    download(`ilot-audit-${new Date().toISOString().slice(0, 10)}.csv`, new Blob([auditCsv(all)], { type: 'text/csv;charset=utf-8' }));
  };

  return (
    <AuditLog
      heading={<h1 id="audit-title">{t('operator.tabs.audit')}</h1>}
      targetLabel={t('operator.audit.space')}
      read={read}
      save={save}
    />
  );
}
