import { useTranslation } from 'react-i18next';
import { formatTime } from '../../ui/format';
import { commandTone, type FleetCommand } from './tones';

/** What a command does, in the words of the CLI: `restart clock`, `deploy ilot@1.2.0`. */
export const commandWhat = ({ spec }: FleetCommand) =>
  'app' in spec ? `${spec.type} ${spec.app}${'version' in spec ? `@${spec.version}` : ''}` : spec.type;

/** A command's state, why it waits when pending, its times, its rollout (unless shown in it) and its end. */
export function CommandFacts({ command: c, inRollout = false }: { command: FleetCommand; inRollout?: boolean }) {
  const { t, i18n } = useTranslation();
  const time = (at: number) => formatTime(at, i18n.language);
  return (
    <div className="command">
      <p className="states">
        <code>{commandWhat(c)}</code>
        <span className={`state ${commandTone[c.state]}`}>{t(`operator.fleet.states.${c.state}`)}</span>
        {c.cancelRequested && c.state !== 'cancelled' && <span className="state cancelled">{t('operator.fleet.cancelAsked')}</span>}
      </p>
      {c.state === 'pending' && <p className="why">{t(`operator.fleet.waiting.${c.waitingFor ?? 'next_message'}`)}</p>}
      <dl className="facts compact">
        <div>
          <dt>{t('operator.fleet.issued')}</dt>
          <dd>{t('operator.fleet.byAt', { who: c.issuedBy, at: time(c.createdAt) })}</dd>
        </div>
        {c.startedAt !== null && (
          <div>
            <dt>{t('operator.fleet.started')}</dt>
            <dd>{time(c.startedAt)}</dd>
          </div>
        )}
        {c.endedAt !== null && (
          <div>
            <dt>{t('operator.fleet.ended')}</dt>
            <dd>{time(c.endedAt)}</dd>
          </div>
        )}
        {c.rollout && !inRollout && (
          <div>
            <dt>{t('operator.fleet.rollout')}</dt>
            <dd>{t('operator.fleet.inBatch', { id: c.rollout.id, batch: c.rollout.batch })}</dd>
          </div>
        )}
      </dl>
      {c.error && <p className="problem">{c.error}</p>}
      {c.output && <pre className="output">{c.output}</pre>}
    </div>
  );
}
