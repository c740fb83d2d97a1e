import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { exportCsv, readSpaceAudit } from '../../../../src/client/reports.js';
import { useSession } from '../../session/session';
import { AuditLog, type AuditQuery } from '../../ui/audit/AuditLog';
import { download } from '../../ui/download';

/** The space's audit log, as the operators' console shows the site's; its CSV export is the site's stream of exactly the filtered rows. */
export function SpaceAudit() {
  const { t } = useTranslation();
  const { client } = useSession();
  const read = useCallback(
    (query: AuditQuery, limit: number, before?: number) => readSpaceAudit(client, { ...query, limit, ...(before && { before }) }),
    [client],
  );
  const save = async (query: AuditQuery) => {
    const { name, data } = await exportCsv(client, 'audit', query);
    download(name, data);
  };
  return (
    <AuditLog heading={<h2 id="audit-title">{t('admin.tabs.audit')}</h2>} targetLabel={t('admin.audit.target')} read={read} save={save} />
  );
}
