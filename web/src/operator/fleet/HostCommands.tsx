import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../../ui/fields';
import { useLoaded } from '../../ui/use-loaded';
import { useOperator } from '../session';
import { CommandFacts } from './CommandFacts';
import { fleetEveryMs } from './tones';

const parts = ['pending', 'running', 'executed'] as const;

/** A host's commands: pending (each with why it waits), held by its agent, and the last ones ended. */
export function HostCommands({ name }: { name: string }) {
  const { t } = useTranslation();
  const { client } = useOperator();
  const load = useCallback(() => client.call('fleet.host.show', { name, executed: 20 }), [client, name]);
  const { data, problem } = useLoaded(load, fleetEveryMs);
  return (
    <div className="fleet-detail" aria-busy={data === null && problem === null}>
      <Problem text={problem} />
      {data &&
        parts.map((part) => (
          <div key={part}>
            <h4>{t(`operator.fleet.${part}`, { n: data[part].length })}</h4>
            {data[part].length === 0 ? (
              <p className="muted">{t('operator.fleet.noCommand')}</p>
            ) : (
              <ul className="rows">
                {data[part].map((command) => (
                  <li key={command.id}>
                    <CommandFacts command={command} />
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
    </div>
  );
}
