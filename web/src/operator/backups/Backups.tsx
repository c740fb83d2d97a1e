import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutputOf } from '../../../../src/shared/operations/index.js';
import { Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { formatBytes, formatNumber, formatTime } from '../../ui/format';
import { useOperator } from '../session';
import { useLoaded } from '../../ui/use-loaded';

type Backup = OutputOf<'backup.list'>['backups'][number];

/** The backups of backup.dir, newest first, each with its verification; admins can have the backup task run now. */
export function Backups() {
  const { t } = useTranslation();
  const { client, canChange } = useOperator();
  const load = useCallback(() => client.call('backup.list'), [client]);
  const { data, problem: loadProblem, reload } = useLoaded(load);
  const { busy, problem, setProblem, run } = useAction();
  const [done, setDone] = useState<string | null>(null);

  // The daily backup task, made due now: the engine takes it at once (tasks.runNow, no second path).
  const backUpNow = () =>
    void run(async () => {
      setDone(null);
      const { tasks } = await client.call('tasks.list', { kind: 'backup', state: 'pending' });
      if (!tasks[0]) return setProblem(t('operator.backups.noTask'));
      await client.call('tasks.runNow', { id: tasks[0].id });
      setDone(t('operator.backups.queued'));
    });

  return (
    <section className="card" aria-labelledby="backups-title">
      <div className="panel-head">
        <h1 id="backups-title">{t('operator.tabs.backups')}</h1>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void reload()}>
            {t('operator.refresh')}
          </button>
          {canChange && data?.configured && (
            <button type="button" disabled={busy} onClick={backUpNow}>
              {t('operator.backups.now')}
            </button>
          )}
        </div>
      </div>
      {done && <p role="status">{done}</p>}
      <Problem text={loadProblem ?? problem} />
      {data && !data.configured && <p className="muted">{t('operator.backups.notConfigured')}</p>}
      {data?.configured && data.backups.length === 0 && <p className="muted">{t('operator.backups.none')}</p>}
      <ul className="rows">
        {data?.backups.map((backup) => (
          <li key={backup.name}>
            <BackupFacts backup={backup} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function BackupFacts({ backup }: { backup: Backup }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const m = backup.manifest;
  const v = backup.verification;
  const verdict = !backup.good ? 'bad' : v ? 'verified' : 'unverified';
  return (
    <div>
      <h2>
        {m ? formatTime(m.createdAt, lang) : backup.name}{' '}
        <span className={`state ${verdict === 'bad' ? 'failed' : verdict === 'verified' ? 'done' : 'pending'}`}>
          {t(`operator.backups.${verdict}`)}
        </span>
      </h2>
      <p className="muted">
        <code>{backup.name}</code>
      </p>
      {backup.problem && <p className="problem">{backup.problem}</p>}
      {m && (
        <dl className="facts">
          <dt>{t('operator.backups.label')}</dt>
          <dd>
            {m.label}, {m.engine}, Ilot {m.ilotVersion}
          </dd>
          <dt>{t('operator.backups.database')}</dt>
          <dd>
            {formatBytes(m.databaseBytes, lang)} · {t('operator.backups.rows', { n: formatNumber(m.rows, lang) })}
          </dd>
          <dt>{t('operator.backups.files')}</dt>
          <dd>{t('operator.backups.filesFigures', { n: formatNumber(m.files.count, lang), bytes: formatBytes(m.files.bytes, lang) })}</dd>
        </dl>
      )}
      {v && (
        <>
          <p>{t('operator.backups.verifiedAt', { at: v.at ? formatTime(v.at, lang) : '—' })}</p>
          <ul className="checks">
            {v.checks.map((check) => (
              <li key={check.check} className={check.ok ? 'ok' : 'failed'}>
                <strong>
                  {check.ok ? '✓' : '✗'} {check.check}
                </strong>
                : {check.detail}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
