import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createPartition,
  partitionOverview,
  setAShare,
  setSpaceOptions,
  type PartitionOverview,
  type SpaceOptions,
} from '../../../../src/client/partitions.js';
import { useSession } from '../../session/session';
import { useChange } from '../use-change';
import { Field, Problem } from '../../ui/fields';
import { useLoaded } from '../../ui/use-loaded';
import { PartitionItem } from './PartitionItem';
import { QuotasForm } from './QuotasForm';
import { ShareGauges } from './ShareGauges';

const noQuotas = { documents: 0, volumeBytes: 0 };

/**
 * The space's partitions: for whoever manages them (the treasurer by default), the space's quotas
 * as they are shared, the A accounts' share, the space's options and every partition to create,
 * rename, archive and give quotas; for a delegate, their own partitions, read-only.
 */
export function Partitions() {
  const { t } = useTranslation();
  const { client } = useSession();
  const load = useCallback(() => partitionOverview(client), [client]);
  const { data, problem: loadProblem, reload } = useLoaded(load);
  const { busy, problem, change: act } = useChange(reload);
  const [name, setName] = useState('');
  const manager = data?.shares != null;

  return (
    <section className="card" aria-labelledby="partitions-title" aria-busy={data === null && loadProblem === null}>
      <div className="panel-head">
        <h2 id="partitions-title">{t('admin.tabs.partitions')}</h2>
      </div>
      <p className="muted">{t(manager ? 'admin.partitions.intro' : 'admin.partitions.introDelegate')}</p>
      <Problem text={loadProblem ?? problem} />
      {data?.shares && <SpaceShares shares={data.shares} busy={busy} onAShare={(quotas) => act(() => setAShare(client, quotas))} />}
      {data?.options && <Options options={data.options} busy={busy} onChange={(change) => act(() => setSpaceOptions(client, change))} />}
      {manager && (
        <QuotasForm
          id="new-partition"
          legend={t('admin.partitions.create')}
          initial={noQuotas}
          submit={t('admin.partitions.createSubmit')}
          busy={busy}
          onQuotas={(quotas) =>
            act(async () => {
              await createPartition(client, name.trim(), quotas);
              setName('');
            })
          }
        >
          <div>
            <Field id="new-partition-name" label={t('admin.partitions.name')} value={name} onValue={setName} maxLength={60} required />
          </div>
        </QuotasForm>
      )}
      {data &&
        (data.partitions.length === 0 ? (
          <p>{t('admin.partitions.none')}</p>
        ) : (
          <ul className="rows" aria-label={t('admin.tabs.partitions')}>
            {data.partitions.map((partition) => (
              <PartitionItem key={partition.id} partition={partition} manager={manager} onChanged={reload} />
            ))}
          </ul>
        ))}
    </section>
  );
}

/** The space's quotas against what the partitions and the A accounts' share take, and that share. */
function SpaceShares({
  shares,
  busy,
  onAShare,
}: {
  shares: NonNullable<PartitionOverview['shares']>;
  busy: boolean;
  onAShare: (quotas: typeof noQuotas) => void;
}) {
  const { t } = useTranslation();
  const given = {
    documents: shares.partitions.documents + shares.aShare.documents,
    volumeBytes: shares.partitions.volumeBytes + shares.aShare.volumeBytes,
  };
  return (
    <div className="inset">
      <h3>{t('admin.partitions.space')}</h3>
      <p className="muted">{t('admin.partitions.spaceIntro')}</p>
      <ShareGauges used={given} quota={shares.space} />
      <QuotasForm
        id="a-share"
        legend={t('admin.partitions.aShare')}
        initial={shares.aShare}
        submit={t('admin.partitions.setAShare')}
        busy={busy}
        onQuotas={onAShare}
      />
    </div>
  );
}

/** The space's options as checkboxes: each click is sent, and the box shows what the server answers. */
function Options({ options, busy, onChange }: { options: SpaceOptions; busy: boolean; onChange: (change: Partial<SpaceOptions>) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="inset">
      <legend>{t('admin.partitions.options')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={options.acceptsAAccounts}
          disabled={busy}
          onChange={(e) => onChange({ acceptsAAccounts: e.target.checked })}
        />
        <span>{t('admin.partitions.acceptsA')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={options.switchToANeedsConsent}
          disabled={busy}
          onChange={(e) => onChange({ switchToANeedsConsent: e.target.checked })}
        />
        <span>{t('admin.partitions.consent')}</span>
      </label>
    </fieldset>
  );
}
