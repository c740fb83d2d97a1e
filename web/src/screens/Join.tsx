import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { acceptSponsorship, refuseSponsorship, viewSponsorship, type SponsorshipView } from '../../../src/client/membership.js';
import { minPhraseLength, normalizePhrase, phraseLength } from '../../../src/shared/crypto/phrase.js';
import { useAction } from '../ui/use-action';
import { avatarLabel, useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';

type Invitation = { kind: 'member'; view: SponsorshipView } | { kind: 'treasurer'; quotas: { documents: number; volumeBytes: number } };

/**
 * Joining a space: the org code and the sponsorship phrase open the invitation (a member's, from
 * its sponsor, or the treasurer's, from the operator); the person reads the conditions, then
 * accepts with a passphrase of their own, or refuses with a reason only the sponsor reads.
 */
export function Join() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [orgCode, setOrgCode] = useState('');
  const [phrase, setPhrase] = useState('');
  const [treasurer, setTreasurer] = useState(false);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [contact, setContact] = useState(true);
  const [reason, setReason] = useState('');
  const [refused, setRefused] = useState(false);
  const { busy, problem, setProblem, run } = useAction();

  const open = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const code = orgCode.trim();
      setInvitation(
        treasurer
          ? { kind: 'treasurer', quotas: (await session.client.viewTreasurerSponsorship(code, phrase)).quotas }
          : { kind: 'member', view: await viewSponsorship(session.client, code, phrase) },
      );
    });
  };

  const accept = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase !== again) return setProblem(t('join.mismatch'));
    void run(async () => {
      const code = orgCode.trim();
      if (invitation?.kind === 'treasurer') await session.client.createTreasurer(code, phrase, passphrase);
      else await acceptSponsorship(session.client, code, phrase, passphrase, { contact });
      await session.signIn(code, passphrase, () => undefined);
      void navigate('/space');
    });
  };

  const refuse = () =>
    void run(async () => {
      await refuseSponsorship(session.client, orgCode.trim(), phrase, reason);
      setRefused(true);
    });

  if (refused)
    return (
      <section className="card narrow">
        <h1>{t('join.title')}</h1>
        <p role="status">{t('join.refused')}</p>
        <Link to="/">{t('join.toSignIn')}</Link>
      </section>
    );

  if (!invitation)
    return (
      <section className="card narrow" aria-labelledby="join-title">
        <h1 id="join-title">{t('join.title')}</h1>
        <p className="muted">{t('join.intro')}</p>
        <form onSubmit={open}>
          <Field
            id="join-org"
            label={t('signIn.orgCode')}
            value={orgCode}
            onValue={setOrgCode}
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          <Field id="join-phrase" label={t('join.phrase')} value={phrase} onValue={setPhrase} type="password" autoComplete="off" required />
          <label className="check">
            <input type="checkbox" checked={treasurer} onChange={(e) => setTreasurer(e.target.checked)} />
            <span>{t('join.asTreasurer')}</span>
          </label>
          <button type="submit" disabled={busy}>
            {t('join.open')}
          </button>
          {busy && <progress aria-label={t('signIn.deriving')} />}
          <Problem text={problem} />
        </form>
        <p>
          <Link to="/">{t('join.toSignIn')}</Link>
        </p>
      </section>
    );

  const strength = passphraseStrength(passphrase);
  return (
    <section className="card narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t('join.invitation')}</h1>
      {invitation.kind === 'member' ? (
        <dl className="conditions">
          <dt>{t('join.sponsor')}</dt>
          <dd>{avatarLabel({ id: invitation.view.sponsor.avatarId, name: invitation.view.sponsor.name })}</dd>
          <dt>{t('join.word')}</dt>
          <dd className="word">{invitation.view.word}</dd>
          <dt>{t('join.name')}</dt>
          <dd>{invitation.view.name}</dd>
          <dt>{t('join.kind')}</dt>
          <dd>{t(invitation.view.kind === 'O' ? 'join.kindO' : 'join.kindA')}</dd>
          <dt>{t('join.quotas')}</dt>
          <dd>{t('join.quotaValues', quotaWords(invitation.view.quotas, i18n.language))}</dd>
          <dt>{t('join.until')}</dt>
          <dd>{new Date(invitation.view.expiresAt).toLocaleDateString(i18n.language)}</dd>
        </dl>
      ) : (
        <dl className="conditions">
          <dt>{t('join.kind')}</dt>
          <dd>{t('join.kindTreasurer')}</dd>
          <dt>{t('join.quotas')}</dt>
          <dd>{t('join.quotaValues', quotaWords(invitation.quotas, i18n.language))}</dd>
        </dl>
      )}
      <form onSubmit={accept}>
        <Field
          id="join-pass"
          label={t('join.passphrase')}
          value={passphrase}
          onValue={setPassphrase}
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="join-strength"
        />
        <small id="join-strength" aria-live="polite">
          {t(`join.strength.${strength}`, { min: minPhraseLength })}
        </small>
        <Field
          id="join-again"
          label={t('join.again')}
          value={again}
          onValue={setAgain}
          type="password"
          autoComplete="new-password"
          required
        />
        {invitation.kind === 'member' && !invitation.view.noContact && (
          <label className="check">
            <input type="checkbox" checked={contact} onChange={(e) => setContact(e.target.checked)} />
            <span>{t('join.contact')}</span>
          </label>
        )}
        <button type="submit" disabled={busy || strength === 'short'}>
          {t('join.accept')}
        </button>
        {busy && <progress aria-label={t('signIn.deriving')} />}
        <Problem text={problem} />
      </form>
      {invitation.kind === 'member' && (
        <details className="refuse">
          <summary>{t('join.refuse')}</summary>
          <label htmlFor="join-reason">{t('join.reason')}</label>
          <textarea id="join-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" className="secondary" disabled={busy} onClick={refuse}>
            {t('join.confirmRefuse')}
          </button>
        </details>
      )}
    </section>
  );
}

/** Quotas in the reader's number format: documents, and megabytes of files. */
const quotaWords = (quotas: { documents: number; volumeBytes: number }, language: string) => ({
  documents: quotas.documents.toLocaleString(language),
  megabytes: Math.round(quotas.volumeBytes / 1e6).toLocaleString(language),
});

/** A hint, not a rule: the server's only rule is the length; longer and more varied is stronger. */
function passphraseStrength(phrase: string): 'short' | 'fair' | 'strong' {
  const length = phraseLength(normalizePhrase(phrase));
  if (length < minPhraseLength) return 'short';
  const words = phrase.trim().split(/\s+/).length;
  return length >= 40 || words >= 6 ? 'strong' : 'fair';
}
