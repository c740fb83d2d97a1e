import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SponsorshipStatus } from '../../../src/client/membership.js';
import { useSession } from '../session/session';
import { Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';

/** The account's sponsorships, newest first: state, conditions, the refusal's reason; extend or cancel an open one. */
export function SponsorshipList({ list, onChanged }: { list: SponsorshipStatus[] | null; onChanged: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const [done, setDone] = useState<string | null>(null);
  const { busy, problem, run } = useAction();
  const date = (at: number) => new Date(at).toLocaleDateString(i18n.language, { dateStyle: 'long' });

  const act = (work: () => Promise<string>) => {
    setDone(null);
    void run(async () => {
      const message = await work();
      await onChanged();
      setDone(message);
    });
  };
  const extend = (id: string) =>
    act(async () => t('membership.extended', { date: date((await client.call('sponsorship.extend', { id })).expiresAt) }));
  const cancel = (id: string) =>
    act(async () => {
      await client.call('sponsorship.cancel', { id });
      return t('membership.cancelled');
    });

  return (
    <section className="card" aria-labelledby="sponsorships-title" aria-busy={list === null}>
      <h2 id="sponsorships-title">{t('membership.listTitle')}</h2>
      <Problem text={problem} />
      {done && <p role="status">{done}</p>}
      {list?.length === 0 && <p className="muted">{t('membership.none')}</p>}
      <ul className="sponsorships">
        {(list ?? []).map((s) => (
          <li key={s.id} aria-labelledby={`sponsorship-${s.id}`}>
            <p>
              <strong id={`sponsorship-${s.id}`}>{s.name}</strong>{' '}
              <span className={`state ${s.state}`}>{t(`membership.state.${s.state}`)}</span>
            </p>
            <p className="muted">
              {[
                t(s.kind === 'O' ? 'membership.kindO' : 'membership.kindA'),
                t('membership.quotas', {
                  documents: s.quotas.documents.toLocaleString(i18n.language),
                  megabytes: (s.quotas.volumeBytes / 1e6).toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
                }),
                s.delegate && t('membership.asDelegate'),
                s.giftCents > 0 &&
                  t('membership.withGift', {
                    amount: (s.giftCents / 100).toLocaleString(i18n.language, { style: 'currency', currency: 'EUR' }),
                  }),
                s.noContact && t('membership.withoutContact'),
                t('membership.created', { date: date(s.createdAt) }),
                s.state === 'pending' && t('membership.until', { date: date(s.expiresAt) }),
                s.answeredAt !== null && t('membership.answeredAt', { date: date(s.answeredAt) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
            {s.word && <p className="word">{s.word}</p>}
            {s.state === 'refused' && (
              <p>
                {s.answer ? (
                  <>
                    <strong>{t('membership.reason')}</strong>
                    {s.answer}
                  </>
                ) : (
                  t('membership.noReason')
                )}
              </p>
            )}
            {(s.state === 'pending' || s.state === 'expired') && (
              <div className="actions">
                <button type="button" className="secondary" disabled={busy} onClick={() => extend(s.id)}>
                  {t('membership.extend')}
                </button>
                {s.state === 'pending' && (
                  <details className="refuse">
                    <summary>{t('membership.cancel')}</summary>
                    <button type="button" className="secondary" disabled={busy} onClick={() => cancel(s.id)}>
                      {t('membership.confirmCancel')}
                    </button>
                  </details>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
