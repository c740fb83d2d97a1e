import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { IlotClientError } from '../../../src/client/errors.js';
import { consumption } from '../../../src/client/membership.js';
import type { OutputOf } from '../../../src/shared/operations/index.js';
import { useSession } from '../session/session';
import { onSpaceChange } from './space-changes';
import './membership.css';

type Status = OutputOf<'account.show'>['space'];
type Closed = { message: string | null; newAddress: string | null };

/**
 * The space's notification as a banner, and the restriction in force in words, on every signed-in
 * screen: read again on each screen change, when the tab comes back to the front, and at once when
 * the live channel says an operator changed the space.
 */
export function SpaceStatus() {
  const { t, i18n } = useTranslation();
  const { client, account } = useSession();
  const { pathname } = useLocation();
  const [status, setStatus] = useState<Status | null>(null);
  const [quotaReached, setQuotaReached] = useState(false);
  const [closed, setClosed] = useState<Closed | null>(null);

  const read = useCallback(async () => {
    try {
      const [shown, used] = await Promise.all([client.call('account.show'), consumption(client, 1)]);
      setStatus(shown.space);
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

  const notification = status ? status.notification : (account?.notification ?? null);
  const date = (at: number) => new Date(at).toLocaleDateString(i18n.language, { dateStyle: 'long' });
  const restrictions = closed
    ? [t('membership.restriction.closed')]
    : [
        status?.frozen && t('membership.restriction.frozen'),
        status?.readOnly && !status.frozen && t('membership.restriction.readOnly'),
        quotaReached && !status?.frozen && !status?.readOnly && t('membership.restriction.noGrowth'),
        status?.signinBanAt && t('membership.restriction.signinBan', { date: date(status.signinBanAt) }),
      ].filter((line): line is string => Boolean(line));

  return (
    <>
      {notification && (
        <section className="banner" aria-labelledby="banner-title">
          <h2 id="banner-title">{t('membership.notification')}</h2>
          <p>{notification}</p>
        </section>
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
