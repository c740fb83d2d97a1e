import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sponsor } from '../../../src/client/membership.js';
import { minPhraseLength, prefixLength } from '../../../src/shared/crypto/phrase.js';
import type { MailLanguage } from '../../../src/shared/mail.js';
import { languages } from '../i18n/setup';
import { describeError } from '../i18n/describe-error';
import { avatarLabel, useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { useAction } from '../ui/use-action';

type Kind = 'O' | 'A';

/**
 * Sponsoring: every condition the server takes (name, welcome word, O or A, partition, quotas,
 * delegate, gift, no contact) and the phrase. Who may sponsor what is the server's to say: its
 * refusal is told in words; the form only hides what cannot go together (a gift for O, a partition for A).
 * An optional address has the site mail the org code and the join page (never the phrase).
 */
export function SponsorForm({ onSponsored, partitionId: chosen }: { onSponsored: () => Promise<void>; partitionId?: string }) {
  const { t, i18n } = useTranslation();
  const { client, account } = useSession();
  const [partitions, setPartitions] = useState<{ id: string; name: string }[]>([]);
  const [acceptsA, setAcceptsA] = useState(true);
  const [name, setName] = useState('');
  const [word, setWord] = useState('');
  const [kind, setKind] = useState<Kind>('O');
  const [partitionId, setPartitionId] = useState('');
  const [documents, setDocuments] = useState('100');
  const [megabytes, setMegabytes] = useState('100');
  const [delegate, setDelegate] = useState(false);
  const [gift, setGift] = useState('0');
  const [noContact, setNoContact] = useState(false);
  const [phrase, setPhrase] = useState('');
  const [mailTo, setMailTo] = useState('');
  const [mailLanguage, setMailLanguage] = useState<MailLanguage>(i18n.language === 'en' ? 'en' : 'fr');
  const [done, setDone] = useState<string | null>(null);
  const { busy, problem, setProblem, run } = useAction();

  useEffect(() => {
    Promise.all([client.call('partition.list'), client.call('account.show')])
      .then(([{ partitions: listed }, shown]) => {
        setPartitions(listed);
        // The partition chosen by the console, else the sponsor's own first: a delegate sponsors in it.
        const first = listed.find((p) => p.id === chosen) ?? listed.find((p) => p.id === shown.partitionId) ?? listed[0];
        setPartitionId((current) => current || first?.id || '');
        setAcceptsA(shown.space.acceptsAAccounts);
      })
      .catch((error: unknown) => setProblem(describeError(error, i18n.language)));
  }, [client, setProblem, i18n.language, chosen]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    void run(async () => {
      const created = await sponsor(client, {
        phrase,
        name: name.trim(),
        word,
        kind,
        partitionId: kind === 'O' ? partitionId : null,
        quotas: { documents: Number(documents), volumeBytes: Math.round(Number(megabytes) * 1e6) },
        delegate: kind === 'O' && delegate,
        giftCents: kind === 'A' ? Math.round(Number(gift) * 100) : 0,
        noContact,
        ...(mailTo.trim() ? { invitation: { address: mailTo.trim(), language: mailLanguage } } : {}),
      });
      const date = new Date(created.expiresAt).toLocaleDateString(i18n.language, { dateStyle: 'long' });
      const sponsored = t('membership.sponsored', { name: name.trim(), date, orgCode: account?.orgCode });
      setDone(mailTo.trim() ? `${sponsored} ${t('invitationMail.queued', { address: mailTo.trim() })}` : sponsored);
      setMailTo('');
      setName('');
      setWord('');
      setPhrase('');
      setDelegate(false);
      setGift('0');
      setNoContact(false);
      await onSponsored();
    });
  };

  const primary = account?.avatars[0];
  return (
    <section className="card" aria-labelledby="sponsor-title">
      <h2 id="sponsor-title">{t('membership.sponsorTitle')}</h2>
      <p className="muted">{t('membership.sponsorIntro')}</p>
      {primary && <p>{t('membership.sponsorAs', { avatar: avatarLabel(primary) })}</p>}
      <form onSubmit={submit}>
        <Field
          id="sponsor-name"
          label={t('membership.name')}
          value={name}
          onValue={setName}
          maxLength={40}
          required
          aria-describedby="sponsor-name-hint"
        />
        <small id="sponsor-name-hint">{t('membership.nameHint')}</small>
        <label htmlFor="sponsor-word">{t('membership.word')}</label>
        <textarea id="sponsor-word" rows={3} maxLength={2000} value={word} onChange={(e) => setWord(e.target.value)} />
        <fieldset className="choices">
          <legend>{t('membership.kind')}</legend>
          {(['O', 'A'] as const).map((k) => (
            <label key={k} className="check">
              <input type="radio" name="sponsor-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(k === 'O' ? 'membership.kindO' : 'membership.kindA')}</span>
            </label>
          ))}
          {!acceptsA && <small>{t('membership.aNotAccepted')}</small>}
        </fieldset>
        {kind === 'O' && (
          <>
            <label htmlFor="sponsor-partition">{t('membership.partition')}</label>
            <select id="sponsor-partition" value={partitionId} onChange={(e) => setPartitionId(e.target.value)} required>
              {partitions.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </>
        )}
        <div className="pair">
          <span>
            <Field
              id="sponsor-documents"
              label={t('membership.documents')}
              value={documents}
              onValue={setDocuments}
              type="number"
              min={0}
              max={1_000_000}
              step={1}
              required
            />
          </span>
          <span>
            <Field
              id="sponsor-megabytes"
              label={t('membership.megabytes')}
              value={megabytes}
              onValue={setMegabytes}
              type="number"
              min={0}
              step="any"
              required
            />
          </span>
        </div>
        {kind === 'O' ? (
          <label className="check">
            <input type="checkbox" checked={delegate} onChange={(e) => setDelegate(e.target.checked)} />
            <span>{t('membership.delegate')}</span>
          </label>
        ) : (
          <Field
            id="sponsor-gift"
            label={t('membership.gift')}
            value={gift}
            onValue={setGift}
            type="number"
            min={0}
            max={100_000}
            step={0.01}
            required
          />
        )}
        <label className="check">
          <input type="checkbox" checked={noContact} onChange={(e) => setNoContact(e.target.checked)} />
          <span>{t('membership.noContact')}</span>
        </label>
        <Field
          id="sponsor-phrase"
          label={t('membership.phrase')}
          value={phrase}
          onValue={setPhrase}
          autoComplete="off"
          spellCheck={false}
          required
          aria-describedby="sponsor-phrase-hint"
        />
        <small id="sponsor-phrase-hint">{t('membership.phraseHint', { min: minPhraseLength, prefix: prefixLength })}</small>
        <Field
          id="sponsor-mail"
          label={t('invitationMail.address')}
          value={mailTo}
          onValue={setMailTo}
          type="email"
          maxLength={254}
          autoComplete="off"
          aria-describedby="sponsor-mail-hint"
        />
        <small id="sponsor-mail-hint">{t('invitationMail.addressHint')}</small>
        {mailTo.trim() && (
          <>
            <label htmlFor="sponsor-mail-language">{t('invitationMail.language')}</label>
            <select id="sponsor-mail-language" value={mailLanguage} onChange={(e) => setMailLanguage(e.target.value as MailLanguage)}>
              {languages.map((l) => (
                <option key={l} value={l}>
                  {l === 'fr' ? 'Français' : 'English'}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" disabled={busy}>
          {t('membership.submit')}
        </button>
        {busy && <progress aria-label={t('signIn.deriving')} />}
        <Problem text={problem} />
        {done && <p role="status">{done}</p>}
      </form>
    </section>
  );
}
