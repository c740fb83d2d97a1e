import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  renamePartition,
  setDelegate,
  setPartitionArchived,
  setPartitionQuotas,
  type Partition,
} from '../../../../src/client/partitions.js';
import { useSession } from '../../session/session';
import { useChange } from '../use-change';
import { Field, Problem } from '../../ui/fields';
import { QuotasForm } from './QuotasForm';
import { ShareGauges } from './ShareGauges';

/**
 * One partition: what its accounts take of its quotas, its delegates, and for whoever manages
 * partitions the changes (name, quotas, archive, delegates). A refusal is told on the partition.
 */
export function PartitionItem({
  partition,
  manager,
  onChanged,
}: {
  partition: Partition;
  manager: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const { busy, problem, change: act } = useChange(onChanged);
  const [name, setName] = useState(partition.name);
  const rename = (event: FormEvent) => {
    event.preventDefault();
    act(() => renamePartition(client, partition.id, name.trim()));
  };
  const id = `partition-${partition.id}`;

  return (
    <li aria-labelledby={`${id}-name`}>
      <div className="task">
        <h3 id={`${id}-name`}>{partition.name}</h3>
        {partition.archived && <span className="state frozen">{t('admin.partitions.archived')}</span>}
      </div>
      <ShareGauges used={partition.allocated} quota={partition.quotas} />
      <p>
        {t('admin.partitions.accounts', { count: partition.accounts })} ·{' '}
        <Link to={`/admin/accounts?partition=${encodeURIComponent(partition.id)}`}>
          {t('admin.partitions.seeAccounts', { name: partition.name })}
        </Link>
      </p>
      <h4>{t('admin.partitions.delegates')}</h4>
      {partition.delegates.length === 0 ? (
        <p className="muted">{t('admin.partitions.noDelegate')}</p>
      ) : (
        <ul className="custom-roles">
          {partition.delegates.map((d) => (
            <li key={d.id}>
              {d.name ?? d.id}
              {manager && (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => act(() => setDelegate(client, { partitionId: partition.id, accountId: d.id, delegate: false }))}
                >
                  {t('admin.partitions.removeDelegate', { name: d.name ?? d.id })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Problem text={problem} />
      {manager && (
        <details>
          <summary>{t('admin.partitions.change', { name: partition.name })}</summary>
          <form className="change" onSubmit={rename}>
            <Field id={`${id}-rename`} label={t('admin.partitions.name')} value={name} onValue={setName} maxLength={60} required />
            <button type="submit" className="secondary" disabled={busy}>
              {t('admin.partitions.rename')}
            </button>
          </form>
          <QuotasForm
            id={`${id}-quotas`}
            legend={t('admin.partitions.quotasOf', { name: partition.name })}
            initial={partition.quotas}
            submit={t('admin.quotas.set')}
            busy={busy}
            onQuotas={(quotas) => act(() => setPartitionQuotas(client, partition.id, quotas))}
          />
          <div className="actions">
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => act(() => setPartitionArchived(client, partition.id, !partition.archived))}
            >
              {t(partition.archived ? 'admin.partitions.unarchive' : 'admin.partitions.archive')}
            </button>
          </div>
        </details>
      )}
    </li>
  );
}
