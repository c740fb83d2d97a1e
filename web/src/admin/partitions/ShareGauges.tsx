import { useTranslation } from 'react-i18next';
import type { ShareQuotas } from '../../../../src/client/partitions.js';
import { formatBytes, formatNumber } from '../../ui/format';
import { Gauge } from '../../ui/Gauge';

/**
 * What a share gives against its quota, documents and volume, as gauges with their figures in
 * words (a screen reader reads both); an unbounded quota is a figure alone.
 */
export function ShareGauges({ used, quota }: { used: ShareQuotas; quota: { documents: number | null; volumeBytes: number | null } }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const measures = [
    { label: t('admin.quotas.documents'), used: used.documents, quota: quota.documents, format: (n: number) => formatNumber(n, lang) },
    { label: t('admin.quotas.volume'), used: used.volumeBytes, quota: quota.volumeBytes, format: (n: number) => formatBytes(n, lang) },
  ];
  return (
    <div className="gauges">
      {measures.map((m) =>
        m.quota === null ? (
          <p key={m.label} className="gauge">
            <span className="gauge-label">{m.label}</span>
            <span className="gauge-figures">{t('admin.quotas.unbounded', { used: m.format(m.used) })}</span>
          </p>
        ) : (
          <Gauge key={m.label} label={m.label} used={m.used} quota={m.quota} format={m.format} />
        ),
      )}
    </div>
  );
}
