import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../../ui/fields';
import { describeError } from '../../i18n/describe-error';
import { formatBytes, formatTime } from '../../ui/format';
import { parseMetrics, rates, readingOf, type Reading } from './metrics';
import { Sparkline } from '../../ui/Sparkline';

type Checks = Record<string, { ok: boolean; error?: string } & Record<string, unknown>>;
interface Probe {
  live: boolean;
  ready: boolean;
  checks: Checks;
}

/** How often the page samples the site while it is open, and how many samples the chart keeps. */
const everyMs = 3000;
const kept = 40;

/** /health or /metrics do not answer as the site does: a reverse proxy keeps them for the monitoring. */
class Hidden extends Error {}

/** Reads liveness, readiness with its checks, and /metrics, once. */
async function probe(): Promise<{ probe: Probe; reading: Reading }> {
  const [live, ready, metrics] = await Promise.all([fetch('/health/live'), fetch('/health/ready'), fetch('/metrics')]);
  // Not ready answers 503 with the checks in its details; anything else (a proxy's page) means the endpoints are hidden.
  const body = (await ready.json().catch(() => null)) as { checks?: Checks; details?: { checks: Checks } } | null;
  if (!body || !metrics.ok) throw new Hidden();
  const reading = readingOf(parseMetrics(await metrics.text()), Date.now());
  return { probe: { live: live.ok, ready: ready.ok, checks: body.checks ?? body.details?.checks ?? {} }, reading };
}

/** Liveness, readiness and its checks, the main metrics, and a chart of requests per second sampled while the page is open. */
export function Health() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [state, setState] = useState<Probe | null>(null);
  const [readings, setReadings] = useState<Reading[]>([]);
  const [problem, setProblem] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sample = async () => {
      try {
        const found = await probe();
        if (stopped) return;
        setState(found.probe);
        setReadings((list) => [...list, found.reading].slice(-kept));
        setProblem(null);
      } catch (error) {
        if (!stopped) setProblem(error);
      }
      if (!stopped) timer = setTimeout(() => void sample(), everyMs);
    };
    void sample();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const pairs = readings.slice(1).map((r, i) => rates(readings[i]!, r));
  const last = readings[readings.length - 1];
  const latest = pairs[pairs.length - 1];
  const figure = (value: number | null, shown: (v: number) => string) => (value === null ? '—' : shown(value));
  const perSecond = (n: number) => n.toLocaleString(lang, { maximumFractionDigits: 2 });

  return (
    <section className="card" aria-labelledby="health-title">
      <h1 id="health-title">{t('operator.tabs.health')}</h1>
      <Problem text={problem === null ? null : problem instanceof Hidden ? t('operator.health.hidden') : describeError(problem, lang)} />
      {state && (
        <>
          <p className="states">
            <span className={`state ${state.live ? 'done' : 'failed'}`}>
              {t(state.live ? 'operator.health.live' : 'operator.health.notLive')}
            </span>
            <span className={`state ${state.ready ? 'done' : 'failed'}`}>
              {t(state.ready ? 'operator.health.ready' : 'operator.health.notReady')}
            </span>
          </p>
          <h2>{t('operator.health.checks')}</h2>
          <ul className="checks">
            {Object.entries(state.checks).map(([name, check]) => (
              <li key={name} className={check.ok ? 'ok' : 'failed'}>
                <strong>
                  {check.ok ? '✓' : '✗'} {name}
                </strong>
                {check.error && `: ${check.error}`}
                <Shown details={check} language={lang} />
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('operator.health.metrics')}</h2>
      <figure className="chart">
        <Sparkline values={pairs.map((p) => p.perSecond)} label={t('operator.health.chart')} />
        <figcaption>
          {t('operator.health.chart')}: {latest ? perSecond(latest.perSecond) : '—'}
          {pairs.length > 1 && ` (${t('operator.health.peak', { n: perSecond(Math.max(...pairs.map((p) => p.perSecond))) })})`}
        </figcaption>
      </figure>
      {last && (
        <dl className="facts">
          <dt>{t('operator.health.requests')}</dt>
          <dd>{last.requests.toLocaleString(lang)}</dd>
          <dt>{t('operator.health.serverErrors')}</dt>
          <dd>{last.serverErrors.toLocaleString(lang)}</dd>
          <dt>{t('operator.health.latency')}</dt>
          <dd>{figure(latest?.latencyMs ?? null, (ms) => `${ms.toLocaleString(lang, { maximumFractionDigits: 1 })} ms`)}</dd>
          <dt>{t('operator.health.memory')}</dt>
          <dd>{figure(last.residentBytes, (b) => formatBytes(b, lang))}</dd>
          <dt>{t('operator.health.heap')}</dt>
          <dd>{figure(last.heapUsedBytes, (b) => formatBytes(b, lang))}</dd>
          <dt>{t('operator.health.eventLoop')}</dt>
          <dd>{figure(last.eventLoopLagP99, (s) => `${(s * 1000).toLocaleString(lang, { maximumFractionDigits: 1 })} ms`)}</dd>
          <dt>{t('operator.health.started')}</dt>
          <dd>{figure(last.startedAt, (at) => formatTime(at, lang))}</dd>
          <dt>{t('operator.health.taskFailures')}</dt>
          <dd>{figure(last.taskFailures, (n) => n.toLocaleString(lang))}</dd>
          <dt>{t('operator.health.lastBackup')}</dt>
          <dd>{figure(last.lastGoodBackupAt, (at) => formatTime(at, lang))}</dd>
        </dl>
      )}
    </section>
  );
}

/** What a readiness check shows besides its verdict (e.g. the last good backup), in small print. */
function Shown({ details, language }: { details: Record<string, unknown>; language: string }) {
  // Times (lastGoodAt…) are milliseconds since 1970.
  const text = (key: string, value: unknown) =>
    key.endsWith('At') && typeof value === 'number' ? formatTime(value, language) : String(value);
  const shown = Object.entries(details).filter(([key, value]) => key !== 'ok' && key !== 'error' && value !== null);
  if (shown.length === 0) return null;
  return <small className="details"> — {shown.map(([key, value]) => `${key}: ${text(key, value)}`).join(', ')}</small>;
}
