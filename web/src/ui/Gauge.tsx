import { useTranslation } from 'react-i18next';

/**
 * A figure against its quota: a meter, and both in words (the meter alone says nothing to some
 * readers). Its colours change at 75 and 90 %, the licence's warning thresholds; a `level` reached
 * is also said in words.
 */
export function Gauge({
  label,
  used,
  quota,
  format,
  level = 0,
}: {
  label: string;
  used: number;
  quota: number;
  format: (n: number) => string;
  level?: number;
}) {
  const { t } = useTranslation();
  const ratio = quota > 0 ? used / quota : used > 0 ? 1 : 0;
  return (
    <div className={level ? `gauge level-${level}` : 'gauge'}>
      <span className="gauge-label">{label}</span>
      <meter min={0} max={1} low={0.75} high={0.9} optimum={0} value={Math.min(ratio, 1)} aria-label={label} />
      <span className="gauge-figures">{t('gauge.ofQuota', { used: format(used), quota: format(quota) })}</span>
      {level > 0 && <span className="gauge-warning">{t('gauge.level', { level })}</span>}
    </div>
  );
}
