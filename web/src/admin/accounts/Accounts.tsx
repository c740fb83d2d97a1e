import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { partitionAccounts, partitionOverview } from '../../../../src/client/partitions.js';
import { useSession } from '../../session/session';
import { SponsorForm } from '../../sponsorship/SponsorForm';
import { Problem } from '../../ui/fields';
import { PartitionPicker } from '../partitions/PartitionPicker';
import { useLoaded } from '../../ui/use-loaded';
import { AccountItem } from './AccountItem';
import '../../sponsorship/sponsorship.css';

/**
 * The O accounts of one partition (chosen among those the member may see, named in the address):
 * quotas, costs of the month, restrictions and what the treasurer or its delegates change, with
 * the sponsoring form to bring a new account into it.
 */
export function Accounts() {
  const { t } = useTranslation();
  const { client } = useSession();
  const [search, setSearch] = useSearchParams();
  const loadOverview = useCallback(() => partitionOverview(client), [client]);
  const overview = useLoaded(loadOverview);
  const partitions = overview.data?.partitions ?? [];
  const partition = partitions.find((p) => p.id === search.get('partition')) ?? partitions[0];
  const partitionId = partition?.id;
  const loadAccounts = useCallback(
    async () => (partitionId ? (await partitionAccounts(client, partitionId)).accounts : []),
    [client, partitionId],
  );
  const accounts = useLoaded(loadAccounts);
  const loading = (overview.data === null && overview.problem === null) || (accounts.data === null && accounts.problem === null);

  return (
    <section className="card" aria-labelledby="accounts-title" aria-busy={loading}>
      <div className="panel-head">
        <h2 id="accounts-title">{t('admin.tabs.accounts')}</h2>
      </div>
      <p className="muted">{t('admin.accounts.intro')}</p>
      <Problem text={overview.problem ?? accounts.problem} />
      {overview.data && partitions.length === 0 && <p>{t('admin.partitions.none')}</p>}
      {partition && (
        <>
          <PartitionPicker
            id="accounts-partition"
            label={t('admin.accounts.partition')}
            partitions={partitions}
            value={partition.id}
            onChange={(id) => setSearch({ partition: id })}
          />
          {accounts.data &&
            (accounts.data.length === 0 ? (
              <p>{t('admin.accounts.none')}</p>
            ) : (
              <ul className="rows" aria-label={t('admin.accounts.of', { name: partition.name })}>
                {accounts.data.map((account) => (
                  <AccountItem
                    key={account.id}
                    account={account}
                    partitionId={partition.id}
                    manager={overview.data?.shares != null}
                    onChanged={accounts.reload}
                  />
                ))}
              </ul>
            ))}
          <details className="inset">
            <summary>{t('admin.accounts.sponsor', { name: partition.name })}</summary>
            <SponsorForm key={partition.id} partitionId={partition.id} onSponsored={accounts.reload} />
          </details>
        </>
      )}
    </section>
  );
}
