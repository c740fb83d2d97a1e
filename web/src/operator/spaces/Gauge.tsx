import { useTranslation } from 'react-i18next';

/** A figure against its quota: a meter, and both in words (the meter alone says nothing to some readers). */
export function Gauge({ label, used, quota, format }: { label: string; used: number; quota: number; format: (n: number) => string }) {
  const { t } = useTranslation();
  const ratio = quota > 0 ? used / quota : used > 0 ? 1 : 0;
  return (
    <div className="gauge">
      <span className="gauge-label">{label}</span>
      <meter min={0} max={1} low={0.8} high={0.95} optimum={0} value={Math.min(ratio, 1)} aria-label={label} />
      <span className="gauge-figures">{t('operator.spaces.ofQuota', { used: format(used), quota: format(quota) })}</span>
    </div>
  );
}
