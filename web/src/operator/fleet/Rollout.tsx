import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../../ui/fields';
import { useLoaded } from '../../ui/use-loaded';
import { useOperator } from '../session';
import { CommandFacts } from './CommandFacts';
import { fleetEveryMs, hostTone } from './tones';

/** A rollout's batches: per host, its agent's state and version, and its deploy (why it waits, how it ended). */
export function Rollout({ id }: { id: string }) {
  const { t } = useTranslation();
  const { client } = useOperator();
  const load = useCallback(() => client.call('fleet.rollout.show', { id }), [client, id]);
  const { data, problem } = useLoaded(load, fleetEveryMs);
  return (
    <div className="fleet-detail" aria-busy={data === null && problem === null}>
      <Problem text={problem} />
      {data?.batches.map(({ batch, hosts }) => {
        const current = data.state === 'running' && batch === data.currentBatch;
        return (
          <div key={batch}>
            <h4>
              {t('operator.fleet.batch', { n: batch })}
              {current && <> · {t('operator.fleet.deploying')}</>}
            </h4>
            <ul className="rows">
              {hosts.map((h) => {
                const state = h.online ? 'online' : 'offline';
                return (
                  <li key={h.host}>
                    <p className="states">
                      <strong>{h.host}</strong>
                      <span className={`state ${hostTone[state]}`}>{t(`operator.fleet.hostStates.${state}`)}</span>
                      <span className="muted">{t('operator.fleet.agentVersion', { version: h.agentVersion ?? '—' })}</span>
                    </p>
                    <CommandFacts command={h.command} inRollout />
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </div>
  );
}
