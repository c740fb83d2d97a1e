import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setConsumptionLimit } from '../../../../src/client/costs.js';
import { setAccountQuotas, setDelegate, switchToA, type PartitionAccount } from '../../../../src/client/partitions.js';
import { formatBytes, formatNumber } from '../../ui/format';
import { useSession } from '../../session/session';
import { useChange } from '../use-change';
import { Field, Problem } from '../../ui/fields';
import { QuotasForm } from '../partitions/QuotasForm';
import { formatMillicents, millicentsOf } from '../../ui/money';

/**
 * One O account of a partition: its quotas, its costs of the month so far and its limit, the
 * restrictions in force; its quotas, limit, delegate role and switch to A for who may change them
 * (the server judges each; a refusal is told on the account).
 */
export function AccountItem({
  account,
  partitionId,
  manager,
  onChanged,
}: {
  account: PartitionAccount;
  partitionId: string;
  manager: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useSession();
  const { busy, problem, change: act } = useChange(onChanged);
  const [limit, setLimit] = useState(account.consumptionLimit === null ? '' : String(account.consumptionLimit / 100_000));
  const name = account.name ?? account.id;
  const id = `account-${account.id}`;
  const sendLimit = (event: FormEvent) => {
    event.preventDefault();
    act(() => setConsumptionLimit(client, { accountId: account.id, partitionId, limit: limit.trim() === '' ? null : millicentsOf(limit) }));
  };
  const month = account.month;

  return (
    <li aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>{name}</h3>
      <p className="states">
        {account.delegate && <span className="role">{t('admin.roles.delegate')}</span>}
        {account.restrictions.map((r) => (
          <span key={`${r.state}-${r.level}`} className="state readOnly">
            {t(`admin.accounts.restriction.${r.state}`)} · {t(`admin.accounts.level.${r.level}`)}
          </span>
        ))}
      </p>
      <dl className="facts figures">
        <div>
          <dt>{t('admin.quotas.documents')}</dt>
          <dd>{formatNumber(account.quotas.documents, lang)}</dd>
        </div>
        <div>
          <dt>{t('admin.quotas.volume')}</dt>
          <dd>{formatBytes(account.quotas.volumeBytes, lang)}</dd>
        </div>
        <div>
          <dt>{t('admin.accounts.month')}</dt>
          <dd>
            {t(month.consumption === null ? 'admin.accounts.monthOpen' : 'admin.accounts.monthSettled', {
              subscription: formatMillicents(month.subscription, lang),
              consumption: formatMillicents(month.consumption ?? 0, lang),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('admin.accounts.limit')}</dt>
          <dd>{account.consumptionLimit === null ? t('admin.accounts.noLimit') : formatMillicents(account.consumptionLimit, lang)}</dd>
        </div>
      </dl>
      <Problem text={problem} />
      <details>
        <summary>{t('admin.accounts.change', { name })}</summary>
        <QuotasForm
          id={`${id}-quotas`}
          legend={t('admin.accounts.quotasOf', { name })}
          initial={account.quotas}
          submit={t('admin.quotas.set')}
          busy={busy}
          onQuotas={(quotas) => act(() => setAccountQuotas(client, { partitionId, accountId: account.id, quotas }))}
        />
        <form className="change" onSubmit={sendLimit}>
          <Field
            id={`${id}-limit`}
            label={t('admin.accounts.limitField')}
            value={limit}
            onValue={setLimit}
            type="number"
            min={0}
            step="any"
          />
          <button type="submit" className="secondary" disabled={busy}>
            {t('admin.accounts.setLimit')}
          </button>
        </form>
        <div className="actions">
          {manager && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => act(() => setDelegate(client, { partitionId, accountId: account.id, delegate: !account.delegate }))}
            >
              {t(account.delegate ? 'admin.partitions.removeDelegate' : 'admin.accounts.makeDelegate', { name })}
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} onClick={() => act(() => switchToA(client, partitionId, account.id))}>
            {t('admin.accounts.switchToA', { name })}
          </button>
        </div>
      </details>
    </li>
  );
}
