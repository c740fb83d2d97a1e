import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { IlotClientError } from '../../../src/client/errors.js';
import { consumption } from '../../../src/client/membership.js';
import type { OutputOf } from '../../../src/shared/operations/index.js';
import { useSession } from '../session/session';
import { onSpaceChange } from './space-changes';
import './membership.css';

type Shown = OutputOf<'account.show'>;
type Status = Shown['space'];
type Closed = { message: string | null; newAddress: string | null };

/**
 * The notifications of the space, the partition and the account as banners, and the restrictions in
 * force in words, on every signed-in screen: read again on each screen change, when the tab comes
 * back to the front, and at once when the live channel says the space or a notification changed. A
 * restriction of the account or its partition that arrives during the session pops up.
 */
export function SpaceStatus() {
  const { t, i18n } = useTranslation();
  const { client, account } = useSession();
  const { pathname } = useLocation();
  const [status, setStatus] = useState<Status | null>(null);
  const [own, setOwn] = useState<Pick<Shown, 'notifications' | 'restrictions'> | null>(null);
  const [arrived, setArrived] = useState<string | null>(null);
  // The account's restrictions as last read (null before the first read: those at sign-in do not pop up).
  const known = useRef<Set<string> | null>(null);
  const [quotaReached, setQuotaReached] = useState(false);
  const [closed, setClosed] = useState<Closed | null>(null);

  const read = useCallback(async () => {
    try {
      const [shown, used] = await Promise.all([client.call('account.show'), consumption(client, 1)]);
      setStatus(shown.space);
      setOwn(shown);
      const now = new Set(shown.restrictions.filter((r) => r.level !== 'space').map((r) => `${r.level}:${r.state}`));
      const added = [...now].find((key) => known.current !== null && !known.current.has(key));
      if (added) setArrived(added);
      known.current = now;
      setQuotaReached([used.documents, used.volumeBytes].some((f) => f.quota !== null && f.used >= f.quota));
      setClosed(null);
    } catch (error) {
      // A closed space answers every request so, with its closing message.
      if (error instanceof IlotClientError && error.code === 'SPACE_CLOSED') setClosed((error.details as Closed | undefined) ?? null);
    }
  }, [client]);

  useEffect(() => void read(), [read, pathname]);
  useEffect(() => onSpaceChange(() => void read()), [read]);
  useEffect(() => {
    const again = () => document.visibilityState === 'visible' && void read();
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [read]);

  const notifications = own?.notifications ?? account?.notifications ?? [];
  const accountLines = (own?.restrictions ?? account?.restrictions ?? [])
    .filter((r) => r.level !== 'space' && (r.state === 'read-only' || r.state === 'minimal'))
    .map((r) => t(`membership.restriction.${r.level}.${r.state}`));
  const date = (at: number) => new Date(at).toLocaleDateString(i18n.language, { dateStyle: 'long' });
  const restrictions = closed
    ? [t('membership.restriction.closed')]
    : [
        status?.frozen && t('membership.restriction.frozen'),
        status?.readOnly && !status.frozen && t('membership.restriction.readOnly'),
        quotaReached && !status?.frozen && !status?.readOnly && t('membership.restriction.noGrowth'),
        status?.signinBanAt && t('membership.restriction.signinBan', { date: date(status.signinBanAt) }),
        ...accountLines,
      ].filter((line): line is string => Boolean(line));

  return (
    <>
      {notifications.map((n) => (
        <section key={n.level} className="banner" aria-labelledby={`banner-${n.level}`}>
          <h2 id={`banner-${n.level}`}>{t(`membership.notifications.${n.level}`)}</h2>
          <p>{n.text}</p>
        </section>
      ))}
      {arrived && (
        <div className="popup" role="alertdialog" aria-modal="true" aria-labelledby="popup-title">
          <h2 id="popup-title">{t('membership.notifications.arrived')}</h2>
          <p>{t(`membership.restriction.${arrived.replace(':', '.')}`)}</p>
          {notifications
            .filter((n) => n.level === arrived.split(':')[0])
            .map((n) => (
              <p key={n.level}>{n.text}</p>
            ))}
          <button type="button" onClick={() => setArrived(null)}>
            {t('membership.notifications.understood')}
          </button>
        </div>
      )}
      {restrictions.length > 0 && (
        <section className="banner restriction" aria-labelledby="restriction-title">
          <h2 id="restriction-title">{t('membership.restriction.title')}</h2>
          {restrictions.map((line) => (
            <p key={line}>{line}</p>
          ))}
          {closed?.message && (
            <p>
              {t('membership.restriction.closedMessage')}
              {closed.message}
            </p>
          )}
          {closed?.newAddress && (
            <p>
              {t('membership.restriction.newAddress')} <a href={closed.newAddress}>{closed.newAddress}</a>
            </p>
          )}
        </section>
      )}
    </>
  );
}
