import { useCallback, useState } from 'react';
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
  // One host's commands and one rollout's batches are opened at a time, under their row.
  const [host, setHost] = useState<string | null>(null);
  const [rollout, setRollout] = useState<string | null>(null);

  return (
    <section className="card fleet" aria-labelledby="fleet-title" aria-busy={data === null && problem === null}>
      <h1 id="fleet-title">{t('operator.tabs.fleet')}</h1>
      <p className="muted">{t('operator.fleet.live', { n: fleetEveryMs / 1000 })}</p>
      <Problem text={problem} />
      {data && (
        <>
          <h2>{t('operator.fleet.hosts')}</h2>
          {data.hosts.length === 0 && <p className="muted">{t('operator.fleet.noHost')}</p>}
          <ul className="rows">
            {data.hosts.map((h) => (
              <li key={h.id}>
                <div className="task">
                  <HostFacts host={h} />
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={host === h.name}
                    onClick={() => setHost(host === h.name ? null : h.name)}
                  >
                    {t('operator.fleet.commandsOf', { name: h.name })}
                  </button>
                </div>
                {host === h.name && <HostCommands name={h.name} />}
              </li>
            ))}
          </ul>
          <h2>{t('operator.fleet.rollouts')}</h2>
          {data.rollouts.length === 0 && <p className="muted">{t('operator.fleet.noRollout')}</p>}
          <ul className="rows">
            {data.rollouts.map((r) => (
              <li key={r.id}>
                <div className="task">
                  <RolloutFacts rollout={r} />
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={rollout === r.id}
                    onClick={() => setRollout(rollout === r.id ? null : r.id)}
                  >
                    {t('operator.fleet.batchesOf', { id: r.id })}
                  </button>
                </div>
                {rollout === r.id && <Rollout id={r.id} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
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
