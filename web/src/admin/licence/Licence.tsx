import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { readLicence } from '../../../../src/client/reports.js';
import { useSession } from '../../session/session';
import { Problem } from '../../ui/fields';
import { formatTime } from '../../ui/format';
import { Gauge } from '../../ui/Gauge';
import { useLoaded } from '../../ui/use-loaded';
import { measures, percentOf, type Gauges } from './measures';
import { UsageChart } from './UsageChart';

/**
 * The licence dashboard: what the space and each partition use against their quotas, as gauges and
 * as a chart, with the warnings (75, 90, 100 %) they reach now and those the daily watch reported.
 */
export function Licence() {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const load = useCallback(() => readLicence(client), [client]);
  const { data, problem } = useLoaded(load);
  const partitionName = (id: string | null) =>
    id === null ? t('admin.licence.space') : (data?.partitions.find((p) => p.id === id)?.name ?? id);
  const measureWords = (key: string) => t(measures.find((m) => m.key === key)?.words ?? key);

  return (
    <section className="card licence" aria-labelledby="licence-title" aria-busy={data === null && problem === null}>
      <div className="panel-head">
        <h2 id="licence-title">{t('admin.tabs.licence')}</h2>
      </div>
      <p className="muted">{t('admin.licence.intro')}</p>
      <Problem text={problem} />
      {data && (
        <>
          <h3>{t('admin.licence.space')}</h3>
          <div className="licence-overview">
            <LicenceGauges gauges={data.space} />
            <UsageChart
              label={t('admin.licence.chart')}
              bars={measures.flatMap(({ key, words }) => {
                const percent = percentOf(data.space[key]);
                return percent === null ? [] : [{ name: t(words), percent, level: data.space[key].level }];
              })}
            />
          </div>
          <h3>{t('admin.licence.reported')}</h3>
          {data.warnings.length === 0 ? (
            <p className="muted">{t('admin.licence.none')}</p>
          ) : (
            <ul className="warnings">
              {data.warnings.map((w) => (
                <li key={`${w.partitionId}/${w.measure}`} className={`level-${w.level}`}>
                  {t('admin.licence.warning', {
                    scope: partitionName(w.partitionId),
                    measure: measureWords(w.measure),
                    level: w.level,
                    used: w.used.toLocaleString(i18n.language),
                    quota: w.quota.toLocaleString(i18n.language),
                    at: formatTime(w.reportedAt, i18n.language),
                  })}
                </li>
              ))}
            </ul>
          )}
          {data.partitions.length > 0 && (
            <>
              <h3>{t('admin.licence.partitions')}</h3>
              <p className="muted">{t('admin.licence.partitionNote')}</p>
              {data.partitions.map((p) => (
                <div key={p.id} className="inset">
                  <h4>{p.name}</h4>
                  <LicenceGauges gauges={p.gauges} />
                </div>
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The four gauges of a space or a partition; a measure without a quota or a known figure is said in words only. */
function LicenceGauges({ gauges }: { gauges: Gauges }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="gauges">
      {measures.map(({ key, words, format }) => {
        const { used, quota, level } = gauges[key];
        const figure = (n: number) => format(n, i18n.language);
        if (used !== null && quota !== null && quota > 0)
          return <Gauge key={key} label={t(words)} used={used} quota={quota} format={figure} level={level} />;
        return (
          <div key={key} className="gauge">
            <span className="gauge-label">{t(words)}</span>
            <span className="gauge-figures">{used === null ? t('gauge.unknown') : t('gauge.noQuota', { used: figure(used) })}</span>
          </div>
        );
      })}
    </div>
  );
}
