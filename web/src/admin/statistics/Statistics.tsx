import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportCsv, readStatistics } from '../../../../src/client/reports.js';
import { statisticsColumns } from '../../../../src/shared/operations/reporting.js';
import { useSession } from '../../session/session';
import { download } from '../../ui/download';
import { Problem } from '../../ui/fields';
import { formatBytes, formatNumber } from '../../ui/format';
import { Sparkline } from '../../ui/Sparkline';
import { useAction } from '../../ui/use-action';
import { useLoaded } from '../../ui/use-loaded';

/** Figures counted in bytes; the others are counts. */
const byteFigures = new Set<string>(['uploadedBytes', 'downloadedBytes', 'volumeQuota']);

/**
 * The space's monthly statistics: a month picked (the latest at first), its figures for the space
 * and each partition, the accounts month by month as a chart, and every month as anonymous CSV.
 */
export function Statistics() {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const load = useCallback(() => readStatistics(client), [client]);
  const { data: months, problem: loadProblem } = useLoaded(load);
  const { busy, problem, run } = useAction();
  const [picked, setPicked] = useState<string | null>(null);
  const month = months?.find((m) => m.month === picked) ?? months?.at(-1);
  const figure = (name: string, value: number | undefined) =>
    value === undefined ? '—' : byteFigures.has(name) ? formatBytes(value, i18n.language) : formatNumber(value, i18n.language);
  const save = () =>
    void run(async () => {
      const { name, data } = await exportCsv(client, 'stats', {});
      download(name, data);
    });

  return (
    <section className="card statistics" aria-labelledby="statistics-title" aria-busy={months === null && loadProblem === null}>
      <div className="panel-head">
        <h2 id="statistics-title">{t('admin.tabs.statistics')}</h2>
        <button type="button" className="secondary" disabled={busy || !months?.length} onClick={save}>
          {t('admin.statistics.export')}
        </button>
      </div>
      <p className="muted">{t('admin.statistics.intro')}</p>
      <Problem text={loadProblem ?? problem} />
      {months?.length === 0 && <p>{t('admin.statistics.none')}</p>}
      {month && (
        <>
          <label htmlFor="statistics-month">{t('admin.statistics.month')}</label>
          <select id="statistics-month" value={month.month} onChange={(e) => setPicked(e.target.value)}>
            {months!.map((m) => (
              <option key={m.month} value={m.month}>
                {m.month}
              </option>
            ))}
          </select>
          <p className="muted">{month.frozen ? t('admin.statistics.frozen') : t('admin.statistics.running')}</p>
          <div className="scroll">
            <table className="figures" aria-label={t('admin.statistics.caption', { month: month.month })}>
              <thead>
                <tr>
                  <th scope="col">{t('admin.statistics.figure')}</th>
                  <th scope="col">{t('admin.statistics.space')}</th>
                  {month.partitions.map((p) => (
                    <th scope="col" key={p.partitionId}>
                      {p.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {statisticsColumns.map((name) => (
                  <tr key={name}>
                    <th scope="row">{t(`admin.statistics.figures.${name}`)}</th>
                    <td data-label={t('admin.statistics.space')}>{figure(name, month.figures[name])}</td>
                    {month.partitions.map((p) => (
                      <td key={p.partitionId} data-label={p.name}>
                        {figure(name, p.figures[name])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {months!.length > 1 && (
            <figure className="chart">
              <Sparkline values={months!.map((m) => m.figures.accounts ?? 0)} label={t('admin.statistics.chart')} />
              <figcaption>{t('admin.statistics.chart')}</figcaption>
            </figure>
          )}
        </>
      )}
    </section>
  );
}
