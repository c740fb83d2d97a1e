import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassphrase, consumption, type AccountConsumption, type QuotaFigure } from '../../../src/client/membership.js';
import type { OutputOf } from '../../../src/shared/operations/index.js';
import { useAction } from '../ui/use-action';
import { useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { Balance } from '../membership/Balance';
import { DeleteAccount } from '../membership/DeleteAccount';
import { useReadOnly } from '../session/read-only';
import { ReadOnlyNote } from '../session/ReadOnlyNote';

type Sessions = OutputOf<'account.sessions.list'>['sessions'];

/**
 * The account: quotas and usage, this month's consumption, an A account's balance and tickets, open sessions (each can be ended), the
 * passphrase, deleting it. Offline, only the site holds the figures and the sessions, and the rest writes.
 */
export function Account() {
  return useReadOnly() ? <ReadOnlyNote siteOnly /> : <OnlineAccount />;
}

function OnlineAccount() {
  const { t, i18n } = useTranslation();
  const { client, account, passphraseChanged } = useSession();
  const [figures, setFigures] = useState<AccountConsumption | null>(null);
  const [sessions, setSessions] = useState<Sessions>([]);
  const [done, setDone] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { busy, problem, setProblem, run } = useAction();

  const load = useCallback(
    () =>
      run(async () => {
        const [used, open] = await Promise.all([consumption(client, 1), client.call('account.sessions.list')]);
        setFigures(used);
        setSessions(open.sessions);
      }),
    [client, run],
  );
  useEffect(() => void load(), [load]);

  const change = (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) return setProblem(t('join.mismatch'));
    setDone(null);
    void run(async () => {
      await passphraseChanged((await changePassphrase(client, current, next)).localId);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(t('account.changed'));
    });
  };

  const number = (n: number) => n.toLocaleString(i18n.language);
  const figure = (f: QuotaFigure, unit: (n: number) => string) =>
    f.quota === null ? t('account.usedNoQuota', { used: unit(f.used) }) : t('account.used', { used: unit(f.used), quota: unit(f.quota) });
  const megabytes = (bytes: number) =>
    t('account.megabytes', { n: (bytes / 1e6).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) });
  const month = figures?.months[0];

  return (
    <div className="account">
      <Problem text={problem} />
      {done && <p role="status">{done}</p>}
      <section className="card" aria-labelledby="usage-title">
        <h2 id="usage-title">{t('account.usage')}</h2>
        {figures && (
          <dl className="conditions">
            <dt>{t('account.documents')}</dt>
            <dd>{figure(figures.documents, number)}</dd>
            <dt>{t('account.volume')}</dt>
            <dd>{figure(figures.volumeBytes, megabytes)}</dd>
            <dt>{t('account.thisMonth')}</dt>
            <dd>
              {t('account.consumed', {
                reads: number(month?.reads ?? 0),
                writes: number(month?.writes ?? 0),
                up: megabytes(month?.uploadedBytes ?? 0),
                down: megabytes(month?.downloadedBytes ?? 0),
              })}
            </dd>
          </dl>
        )}
      </section>
      {account?.kind === 'A' && <Balance />}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('account.sessions')}</h2>
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <span>
                {new Date(s.createdAt).toLocaleString(i18n.language)} · {s.userAgent ?? t('account.unknownDevice')}
                {s.current && <strong> · {t('account.thisSession')}</strong>}
              </span>
              {!s.current && (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => void run(async () => void (await client.call('account.sessions.revoke', { id: s.id }))).then(load)}
                >
                  {t('account.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="passphrase-title">
        <h2 id="passphrase-title">{t('account.passphrase')}</h2>
        <form onSubmit={change}>
          <Field
            id="pass-current"
            label={t('account.current')}
            value={current}
            onValue={setCurrent}
            type="password"
            autoComplete="current-password"
            required
          />
          <Field
            id="pass-next"
            label={t('account.next')}
            value={next}
            onValue={setNext}
            type="password"
            autoComplete="new-password"
            required
          />
          <Field
            id="pass-again"
            label={t('join.again')}
            value={again}
            onValue={setAgain}
            type="password"
            autoComplete="new-password"
            required
          />
          <button type="submit" disabled={busy}>
            {t('account.change')}
          </button>
        </form>
      </section>
      <DeleteAccount />
    </div>
  );
}
