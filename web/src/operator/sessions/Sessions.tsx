import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { formatTime } from '../../ui/format';
import { useOperator } from '../session';
import { useLoaded } from '../../ui/use-loaded';

/** The open operator sessions; admins end one left open elsewhere (their own ends with sign-out). */
export function Sessions() {
  const { t, i18n } = useTranslation();
  const { client, canChange } = useOperator();
  const load = useCallback(async () => (await client.call('operator.sessions.list')).sessions, [client]);
  const { data: sessions, problem: loadProblem, reload } = useLoaded(load);
  const { busy, problem, run } = useAction();
  const time = (at: number) => formatTime(at, i18n.language);

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('operator.tabs.sessions')}</h1>
      <Problem text={loadProblem ?? problem} />
      <ul className="sessions">
        {sessions?.map((s) => (
          <li key={s.id}>
            <span>
              <strong>{s.operator}</strong> ({t(s.role === 'admin' ? 'operator.admin' : 'operator.observer')})
              {s.current && <> — {t('operator.sessions.this')}</>}
              <br />
              <small>
                {t('operator.sessions.since', { at: time(s.createdAt), until: time(s.expiresAt) })}
                {s.address && ` · ${s.address}`}
                {s.userAgent && ` · ${s.userAgent}`}
              </small>
            </span>
            {canChange && !s.current && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await client.call('operator.sessions.revoke', { id: s.id });
                    await reload();
                  })
                }
              >
                {t('operator.sessions.revoke', { name: s.operator })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
