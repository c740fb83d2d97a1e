import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../src/shared/operations/index.js';
import { Problem } from '../../ui/fields';
import { formatBytes, formatTime } from '../../ui/format';
import { useLoaded } from '../../ui/use-loaded';
import { useOperator } from '../session';
import { HostCommands } from './HostCommands';
import { Rollout } from './Rollout';
import { fleetEveryMs, hostState, hostTone, rolloutTone, type Host } from './tones';

type RolloutSummary = OutputOf<'fleet.rollout.list'>['rollouts'][number];

/** The fleet of the control tower: its hosts (state, versions, commands) and its latest rollouts (batches), read again while shown. */
export function Fleet() {
  const { t } = useTranslation();
  const { client } = useOperator();
  const load = useCallback(async () => {
    const [{ hosts }, { rollouts }] = await Promise.all([
      client.call('fleet.host.list', {}),
      client.call('fleet.rollout.list', { limit: 20 }),
    ]);
    return { hosts, rollouts };
  }, [client]);
  const { data, problem } = useLoaded(load, fleetEveryMs);

  return (
    <section className="card fleet" aria-labelledby="fleet-title" aria-busy={data === null && problem === null}>
      <h1 id="fleet-title">{t('operator.tabs.fleet')}</h1>
      <p className="muted">{t('operator.fleet.live', { n: fleetEveryMs / 1000 })}</p>
      <Problem text={problem} />
      {data && (
        <>
          <h2>{t('operator.fleet.hosts')}</h2>
          {data.hosts.length === 0 && <p className="muted">{t('operator.fleet.noHost')}</p>}
          <OpenableRows
            items={data.hosts}
            keyOf={(h) => h.name}
            facts={(h) => <HostFacts host={h} />}
            label={(h) => t('operator.fleet.commandsOf', { name: h.name })}
            detail={(h) => <HostCommands name={h.name} />}
          />
          <h2>{t('operator.fleet.rollouts')}</h2>
          {data.rollouts.length === 0 && <p className="muted">{t('operator.fleet.noRollout')}</p>}
          <OpenableRows
            items={data.rollouts}
            keyOf={(r) => r.id}
            facts={(r) => <RolloutFacts rollout={r} />}
            label={(r) => t('operator.fleet.batchesOf', { id: r.id })}
            detail={(r) => <Rollout id={r.id} />}
          />
        </>
      )}
    </section>
  );
}

/** Rows, each with its facts and a button that opens its detail under it: one row open at a time. */
function OpenableRows<T>(props: {
  items: T[];
  keyOf: (item: T) => string;
  facts: (item: T) => ReactNode;
  label: (item: T) => string;
  detail: (item: T) => ReactNode;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul className="rows">
      {props.items.map((item) => {
        const key = props.keyOf(item);
        return (
          <li key={key}>
            <div className="task">
              {props.facts(item)}
              <button type="button" className="secondary" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                {props.label(item)}
              </button>
            </div>
            {open === key && props.detail(item)}
          </li>
        );
      })}
    </ul>
  );
}

function HostFacts({ host: h }: { host: Host }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const state = hostState(h);
  const inv = h.inventory;
  return (
    <div>
      <h3 className="states">
        {h.name}
        <span className={`state ${hostTone[state]}`}>{t(`operator.fleet.hostStates.${state}`)}</span>
      </h3>
      <dl className="facts compact">
        <div>
          <dt>{t('operator.fleet.owner')}</dt>
          <dd>{h.owner ?? t('operator.fleet.provider')}</dd>
        </div>
        <div>
          <dt>{t('operator.fleet.labels')}</dt>
          <dd>{h.labels.length === 0 ? '—' : h.labels.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('operator.fleet.agent')}</dt>
          <dd>{h.agentVersion ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('operator.fleet.lastContact')}</dt>
          <dd>{h.lastContactAt === null ? t('operator.fleet.never') : formatTime(h.lastContactAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('operator.fleet.runs')}</dt>
          <dd>{h.deployed.length === 0 ? '—' : h.deployed.map((d) => `${d.app} ${d.version}`).join(', ')}</dd>
        </div>
        {inv && (
          <div>
            <dt>{t('operator.fleet.machine')}</dt>
            <dd>
              {t('operator.fleet.machineFigures', {
                os: `${inv.platform} ${inv.arch}`,
                cpus: inv.cpus,
                memory: formatBytes(inv.memoryBytes, lang),
                free: formatBytes(inv.freeDiskBytes, lang),
                disk: formatBytes(inv.diskBytes, lang),
              })}
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function RolloutFacts({ rollout: r }: { rollout: RolloutSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <h3 className="states">
        {t('operator.fleet.rolloutTitle', { app: r.app, version: r.version, label: r.label })}
        <span className={`state ${rolloutTone[r.state]}`}>{t(`operator.fleet.rolloutStates.${r.state}`)}</span>
      </h3>
      <dl className="facts compact">
        <div>
          <dt>{t('operator.fleet.progress')}</dt>
          <dd>{t('operator.fleet.batchOf', { n: Math.min(r.currentBatch, r.batchCount), of: r.batchCount, max: r.maxUnavailable })}</dd>
        </div>
        <div>
          <dt>{t('operator.fleet.launched')}</dt>
          <dd>{t('operator.fleet.byAt', { who: r.issuedBy, at: formatTime(r.createdAt, i18n.language) })}</dd>
        </div>
        {r.owner && (
          <div>
            <dt>{t('operator.fleet.owner')}</dt>
            <dd>{r.owner}</dd>
          </div>
        )}
      </dl>
      {r.reason && <p className="problem">{r.reason}</p>}
    </div>
  );
}
