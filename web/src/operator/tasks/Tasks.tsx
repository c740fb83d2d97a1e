import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf, OutputOf } from '../../../../src/shared/operations/index.js';
import { Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { formatTime } from '../../ui/format';
import { useOperator } from '../session';
import { useLoaded } from '../../ui/use-loaded';

type Listed = OutputOf<'tasks.list'>;
type Task = Listed['tasks'][number];
type State = NonNullable<InputOf<'tasks.list'>['state']>;
const states: State[] = ['pending', 'running', 'failed', 'done', 'cancelled'];

/** The task queue: each task's state, last run and error; run now, retry, cancel; pause and resume a kind. */
export function Tasks() {
  const { t, i18n } = useTranslation();
  const { client, canChange } = useOperator();
  const [state, setState] = useState<State | ''>('');
  const load = useCallback(() => client.call('tasks.list', { limit: 200, ...(state && { state }) }), [client, state]);
  const { data, problem: loadProblem, reload } = useLoaded(load);
  const { busy, problem, run } = useAction();
  const time = (at: number | null) => (at === null ? '—' : formatTime(at, i18n.language));
  // An action, then the queue read again: what the engine did meanwhile shows too.
  const act = (work: () => Promise<unknown>) =>
    void run(async () => {
      await work();
      await reload();
    });

  return (
    <section className="card" aria-labelledby="tasks-title">
      <div className="panel-head">
        <h1 id="tasks-title">{t('operator.tabs.tasks')}</h1>
        <label className="inline">
          {t('operator.tasks.state')}
          <select value={state} onChange={(e) => setState(e.target.value as State | '')}>
            <option value="">{t('operator.all')}</option>
            {states.map((s) => (
              <option key={s} value={s}>
                {t(`operator.tasks.states.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Problem text={loadProblem ?? problem} />
      {data && (
        <>
          <h2>{t('operator.tasks.queue')}</h2>
          {data.tasks.length === 0 && <p className="muted">{t('operator.tasks.none')}</p>}
          <ul className="rows">
            {data.tasks.map((task) => (
              <li key={task.id} className="task">
                <TaskFacts task={task} time={time} />
                {canChange && (
                  <div className="actions">
                    {task.state === 'pending' && (
                      <>
                        <button type="button" disabled={busy} onClick={() => act(() => client.call('tasks.runNow', { id: task.id }))}>
                          {t('operator.tasks.runNow')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy}
                          onClick={() => act(() => client.call('tasks.cancel', { id: task.id }))}
                        >
                          {t('operator.tasks.cancel')}
                        </button>
                      </>
                    )}
                    {task.state === 'failed' && (
                      <button type="button" disabled={busy} onClick={() => act(() => client.call('tasks.retry', { id: task.id }))}>
                        {t('operator.tasks.retry')}
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          <h2>{t('operator.tasks.kinds')}</h2>
          <ul className="rows kinds">
            {data.kinds.map(({ kind, summary }) => {
              const paused = data.pausedKinds.includes(kind);
              return (
                <li key={kind}>
                  <span>
                    <code>{kind}</code> {summary} {paused && <span className="state frozen">{t('operator.tasks.paused')}</span>}
                  </span>
                  {canChange && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() => act(() => client.call(paused ? 'tasks.resume' : 'tasks.pause', { kind }))}
                    >
                      {t(paused ? 'operator.tasks.resume' : 'operator.tasks.pause', { kind })}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function TaskFacts({ task, time }: { task: Task; time: (at: number | null) => string }) {
  const { t } = useTranslation();
  return (
    <div>
      <h3>
        <code>{task.kind}</code> <span className={`state ${task.state}`}>{t(`operator.tasks.states.${task.state}`)}</span>
        {task.paused && <span className="state frozen">{t('operator.tasks.paused')}</span>}
      </h3>
      <dl className="facts compact">
        <div>
          <dt>{t('operator.tasks.space')}</dt>
          <dd>{task.spaceId === 0 ? t('operator.tasks.site') : `#${task.spaceId}`}</dd>
        </div>
        {task.state === 'pending' && (
          <div>
            <dt>{t('operator.tasks.nextRun')}</dt>
            <dd>{time(task.nextRunAt)}</dd>
          </div>
        )}
        <div>
          <dt>{t('operator.tasks.lastRun')}</dt>
          <dd>
            {time(task.lastRunAt)}
            {task.lastDurationMs !== null && ` (${task.lastDurationMs} ms)`}
          </dd>
        </div>
        <div>
          <dt>{t('operator.tasks.attempts')}</dt>
          <dd>{task.attempts}</dd>
        </div>
      </dl>
      {task.lastError && (
        <details className="error">
          <summary>{task.lastError}</summary>
          {task.lastStack && <pre>{task.lastStack}</pre>}
        </details>
      )}
    </div>
  );
}
