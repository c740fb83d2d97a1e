import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { IlotClientError } from '../../../src/client/errors.js';
import { deleteAccount } from '../../../src/client/membership.js';
import { describeError } from '../i18n/describe-error';
import { useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';
import './membership.css';

/** Deleting the account: the passphrase and an explicit "I understand" first; then back to sign-in, told so. */
export function DeleteAccount() {
  const { t, i18n } = useTranslation();
  const { client, account, signOut } = useSession();
  const navigate = useNavigate();
  const [passphrase, setPassphrase] = useState('');
  const [understood, setUnderstood] = useState(false);
  const { busy, problem, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await deleteAccount(client, passphrase);
      // To the sign-in page first: signing out first would send there without the message.
      await navigate('/', { replace: true, state: { accountDeleted: true } });
      await signOut();
    });
  };

  // The SDK deletes the secondary avatars before the server refuses the treasurer's account: say it first.
  const treasurer = account?.roles.includes('treasurer') ?? false;
  return (
    <section className="card danger" aria-labelledby="delete-title">
      <h2 id="delete-title">{t('membership.deleteTitle')}</h2>
      <p>{treasurer ? describeError(new IlotClientError('TREASURER_UNDELETABLE', '', 0), i18n.language) : t('membership.deleteIntro')}</p>
      {!treasurer && (
        <form onSubmit={submit}>
          <Field
            id="delete-passphrase"
            label={t('membership.deletePassphrase')}
            value={passphrase}
            onValue={setPassphrase}
            type="password"
            autoComplete="current-password"
            required
          />
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} required />
            <span>{t('membership.deleteUnderstood')}</span>
          </label>
          <button type="submit" className="destroy" disabled={busy || !understood}>
            {t('membership.deleteSubmit')}
          </button>
          {busy && <progress aria-label={t('signIn.deriving')} />}
          <Problem text={problem} />
        </form>
      )}
    </section>
  );
}

/** On the sign-in page, after the account was deleted: says so. */
export function Farewell() {
  const { t } = useTranslation();
  const { state } = useLocation() as { state: { accountDeleted?: boolean } | null };
  return state?.accountDeleted ? (
    <p className="banner" role="status">
      {t('membership.deleted')}
    </p>
  ) : null;
}
