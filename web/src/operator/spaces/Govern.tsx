import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationName } from '../../../../src/shared/operations/index.js';
import { Field, Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { formatTime } from '../../ui/format';
import { useOperator } from '../session';
import { QuotaFields, quotaInputsOf, quotasOf } from './QuotaFields';
import type { SpaceView } from './space-view';

type Change = Extract<OperationName, `space.${'setFrozen' | 'setReadOnly' | 'setQuotas' | 'setNotification' | 'setSigninBan' | 'close'}`>;

/** A space's details; for admins, what changes it: freeze, read-only, quotas, notification, sign-in ban, closing. */
export function Govern({ space, onChanged }: { space: SpaceView; onChanged: (space: SpaceView) => void }) {
  const { t, i18n } = useTranslation();
  const { client, canChange } = useOperator();
  const { busy, problem, run } = useAction();
  const [quotas, setQuotas] = useState(() => quotaInputsOf(space.quotas));
  const [notification, setNotification] = useState(space.notification ?? '');
  const [banDate, setBanDate] = useState('');
  const [closing, setClosing] = useState({ message: '', newAddress: '', understood: false });
  const closed = space.closedAt !== null;
  const time = (at: number) => formatTime(at, i18n.language);

  const change = (operation: Change, input: Record<string, unknown>) =>
    run(async () => onChanged(await client.call(operation, { orgCode: space.orgCode, ...input } as never)));
  const submit = (operation: Change, input: () => Record<string, unknown>) => (event: FormEvent) => {
    event.preventDefault();
    void change(operation, input());
  };

  return (
    <div className="govern" aria-label={t('operator.spaces.details', { orgCode: space.orgCode })} role="region">
      <dl className="facts">
        <dt>{t('operator.spaces.created')}</dt>
        <dd>{time(space.createdAt)}</dd>
        <dt>{t('operator.spaces.notification')}</dt>
        <dd>{space.notification ?? '—'}</dd>
        <dt>{t('operator.spaces.signinBan')}</dt>
        <dd>{space.signinBanAt === null ? '—' : time(space.signinBanAt)}</dd>
        {closed && (
          <>
            <dt>{t('operator.spaces.closedAt')}</dt>
            <dd>{time(space.closedAt!)}</dd>
            <dt>{t('operator.close.message')}</dt>
            <dd>{space.closingMessage}</dd>
          </>
        )}
      </dl>
      {canChange && !closed && (
        <>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => void change('space.setFrozen', { frozen: !space.frozen })}>
              {t(space.frozen ? 'operator.govern.unfreeze' : 'operator.govern.freeze')}
            </button>
            <button type="button" disabled={busy} onClick={() => void change('space.setReadOnly', { readOnly: !space.readOnly })}>
              {t(space.readOnly ? 'operator.govern.liftReadOnly' : 'operator.govern.readOnly')}
            </button>
          </div>
          <form onSubmit={submit('space.setQuotas', () => ({ quotas: quotasOf(quotas) }))}>
            <QuotaFields prefix={`quotas-${space.orgCode}`} value={quotas} onValue={setQuotas} />
            <button type="submit" disabled={busy}>
              {t('operator.govern.saveQuotas')}
            </button>
          </form>
          <form onSubmit={submit('space.setNotification', () => ({ text: notification.trim() || null }))}>
            <label htmlFor={`notification-${space.orgCode}`}>{t('operator.spaces.notification')}</label>
            <textarea
              id={`notification-${space.orgCode}`}
              rows={3}
              maxLength={2000}
              value={notification}
              onChange={(e) => setNotification(e.target.value)}
            />
            <small>{t('operator.govern.notificationHint')}</small>
            <button type="submit" disabled={busy}>
              {t('operator.govern.postNotification')}
            </button>
          </form>
          <form onSubmit={submit('space.setSigninBan', () => ({ from: new Date(`${banDate}T00:00`).getTime() }))}>
            <Field
              id={`ban-${space.orgCode}`}
              label={t('operator.govern.banFrom')}
              type="date"
              value={banDate}
              onValue={setBanDate}
              required
            />
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('operator.govern.ban')}
              </button>
              {space.signinBanAt !== null && (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => void change('space.setSigninBan', { from: null })}
                >
                  {t('operator.govern.liftBan')}
                </button>
              )}
            </div>
          </form>
          <details className="closing">
            <summary>{t('operator.close.title')}</summary>
            <form
              onSubmit={submit('space.close', () => ({
                message: closing.message.trim(),
                ...(closing.newAddress.trim() && { newAddress: closing.newAddress.trim() }),
              }))}
            >
              <p className="muted">{t('operator.close.intro')}</p>
              <label htmlFor={`close-message-${space.orgCode}`}>{t('operator.close.message')}</label>
              <textarea
                id={`close-message-${space.orgCode}`}
                rows={3}
                maxLength={2000}
                required
                value={closing.message}
                onChange={(e) => setClosing({ ...closing, message: e.target.value })}
              />
              <Field
                id={`close-address-${space.orgCode}`}
                label={t('operator.close.newAddress')}
                type="url"
                value={closing.newAddress}
                onValue={(newAddress) => setClosing({ ...closing, newAddress })}
              />
              <label className="check">
                <input
                  type="checkbox"
                  required
                  checked={closing.understood}
                  onChange={(e) => setClosing({ ...closing, understood: e.target.checked })}
                />
                {t('operator.close.understood', { orgCode: space.orgCode })}
              </label>
              <button type="submit" className="danger" disabled={busy || !closing.understood}>
                {t('operator.close.submit', { orgCode: space.orgCode })}
              </button>
            </form>
          </details>
        </>
      )}
      <Problem text={problem} />
    </div>
  );
}
