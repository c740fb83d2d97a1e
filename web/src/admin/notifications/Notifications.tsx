import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { partitionNotifications, postNotification, type PostedNotification } from '../../../../src/client/notifications.js';
import { partitionAccounts, partitionOverview } from '../../../../src/client/partitions.js';
import { useSession } from '../../session/session';
import { Problem } from '../../ui/fields';
import { PartitionPicker } from '../partitions/PartitionPicker';
import { useAction } from '../../ui/use-action';
import { useLoaded } from '../../ui/use-loaded';

type Restriction = PostedNotification['restriction'];

/** What the target select holds: the partition itself, or one of its accounts by id. */
const wholePartition = '';

/**
 * The notifications of a partition and of its accounts: the ones in force, each can be cleared, and
 * a form to post one, with an optional restriction. A delegate sees only their partitions.
 */
export function Notifications() {
  const { t } = useTranslation();
  const { client } = useSession();
  const loadPartitions = useCallback(async () => (await partitionOverview(client)).partitions, [client]);
  const { data: partitions, problem: partitionsProblem } = useLoaded(loadPartitions);
  const [chosen, setChosen] = useState<string | null>(null);
  const partitionId = chosen ?? partitions?.[0]?.id ?? null;

  return (
    <section className="card" aria-labelledby="notifications-title" aria-busy={partitions === null && partitionsProblem === null}>
      <div className="panel-head">
        <h2 id="notifications-title">{t('admin.tabs.notifications')}</h2>
      </div>
      <p className="muted">{t('admin.notifications.intro')}</p>
      <Problem text={partitionsProblem} />
      {partitions && partitions.length === 0 && <p>{t('admin.notifications.noPartition')}</p>}
      {partitions && partitionId && (
        <>
          <PartitionPicker
            id="notifications-partition"
            label={t('admin.notifications.partition')}
            partitions={partitions}
            value={partitionId}
            onChange={setChosen}
          />
          <PartitionNotifications key={partitionId} partitionId={partitionId} />
        </>
      )}
    </section>
  );
}

function PartitionNotifications({ partitionId }: { partitionId: string }) {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const load = useCallback(
    async () => ({
      notifications: await partitionNotifications(client, partitionId),
      accounts: (await partitionAccounts(client, partitionId)).accounts,
    }),
    [client, partitionId],
  );
  const { data, problem: loadProblem, reload } = useLoaded(load);
  const { busy, problem, run } = useAction();
  const [target, setTarget] = useState(wholePartition);
  const [text, setText] = useState('');
  const [restriction, setRestriction] = useState<Restriction>(null);

  const post = (accountId: string | null, posted: string | null, restricted: Restriction) =>
    void run(async () => {
      await postNotification(client, { partitionId, accountId, text: posted, restriction: restricted });
      if (posted !== null) setText('');
      await reload();
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post(target === wholePartition ? null : target, text.trim(), restriction);
  };
  // An account is named by its primary avatar's name when it has one, else by its id.
  const nameOf = (accountId: string) => data?.accounts.find((a) => a.id === accountId)?.name ?? accountId;
  const targetWords = (n: PostedNotification) =>
    n.accountId === null ? t('admin.notifications.wholePartition') : t('admin.notifications.account', { who: nameOf(n.accountId) });

  return (
    <div aria-busy={data === null && loadProblem === null}>
      <Problem text={loadProblem ?? problem} />
      <h3>{t('admin.notifications.current')}</h3>
      {data && data.notifications.length === 0 && <p className="muted">{t('admin.notifications.none')}</p>}
      <ul className="rows" aria-label={t('admin.notifications.current')}>
        {data?.notifications.map((n) => (
          <li key={n.accountId ?? 'partition'}>
            <h4>{targetWords(n)}</h4>
            <p className="states">
              {n.restriction && <span className="state readOnly">{t(`admin.notifications.restriction.${n.restriction}`)}</span>}
              <span className="muted">{new Date(n.at).toLocaleString(i18n.language)}</span>
            </p>
            <p>{n.text}</p>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              aria-label={t('admin.notifications.clearOf', { target: targetWords(n) })}
              onClick={() => post(n.accountId, null, null)}
            >
              {t('admin.notifications.clear')}
            </button>
          </li>
        ))}
      </ul>
      {data && (
        <form onSubmit={submit}>
          <h3>{t('admin.notifications.post')}</h3>
          <label htmlFor="notification-target">{t('admin.notifications.target')}</label>
          <select id="notification-target" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value={wholePartition}>{t('admin.notifications.wholePartition')}</option>
            {data.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {t(a.delegate ? 'admin.notifications.delegateAccount' : 'admin.notifications.account', { who: a.name ?? a.id })}
              </option>
            ))}
          </select>
          <label htmlFor="notification-text">{t('admin.notifications.text')}</label>
          <textarea id="notification-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} required />
          <label htmlFor="notification-restriction">{t('admin.notifications.restrictionLabel')}</label>
          <select
            id="notification-restriction"
            value={restriction ?? ''}
            onChange={(e) => setRestriction((e.target.value || null) as Restriction)}
          >
            <option value="">{t('admin.notifications.restriction.none')}</option>
            <option value="read-only">{t('admin.notifications.restriction.read-only')}</option>
            <option value="minimal">{t('admin.notifications.restriction.minimal')}</option>
          </select>
          <button type="submit" disabled={busy}>
            {t('admin.notifications.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
