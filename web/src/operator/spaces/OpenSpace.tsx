import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { minPhraseLength } from '../../../../src/shared/crypto/phrase.js';
import { Field, Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { useOperator } from '../session';
import { generatePhrase } from './phrase';
import { QuotaFields, quotasOf, type QuotaInputs } from './QuotaFields';

const startQuotas: QuotaInputs = { documents: '10000', volumeGb: '10', monthlyEuros: '50', maxAccounts: '50' };

/**
 * Opens a space: its org code, its quotas and the treasurer's sponsorship phrase, typed twice or
 * generated here. Only the phrase's keys reach the site; the phrase is shown once, to be handed to
 * the future treasurer, then forgotten.
 */
export function OpenSpace({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const { t } = useTranslation();
  const { client } = useOperator();
  const [orgCode, setOrgCode] = useState('');
  const [quotas, setQuotas] = useState(startQuotas);
  const [generate, setGenerate] = useState(true);
  const [phrase, setPhrase] = useState('');
  const [again, setAgain] = useState('');
  const [handed, setHanded] = useState<{ orgCode: string; phrase: string } | null>(null);
  const { busy, problem, setProblem, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!generate && phrase !== again) return setProblem(t('operator.open.mismatch'));
    if (!generate && phrase.length < minPhraseLength) return setProblem(t('operator.open.tooShort', { min: minPhraseLength }));
    const chosen = generate ? generatePhrase() : phrase;
    void run(async () => {
      const opened = await client.openSpace(orgCode.trim(), quotasOf(quotas), chosen);
      setPhrase('');
      setAgain('');
      setHanded({ orgCode: opened.orgCode, phrase: chosen });
      onOpened();
    });
  }

  if (handed)
    return (
      <section className="handover" aria-labelledby="handover-title">
        <h2 id="handover-title">{t('operator.open.opened', { orgCode: handed.orgCode })}</h2>
        <p>{t('operator.open.handOver')}</p>
        <p className="phrase" data-testid="sponsorship-phrase">
          {handed.phrase}
        </p>
        <p className="muted">{t('operator.open.shownOnce')}</p>
        <button type="button" onClick={onClose}>
          {t('operator.open.handed')}
        </button>
      </section>
    );

  return (
    <form className="inset" onSubmit={submit} aria-labelledby="open-title">
      <h2 id="open-title">{t('operator.open.title')}</h2>
      <Field
        id="open-org-code"
        label={t('signIn.orgCode')}
        value={orgCode}
        onValue={setOrgCode}
        required
        autoCapitalize="none"
        spellCheck={false}
        pattern="[a-z0-9]{4,12}"
        aria-describedby="open-org-code-hint"
      />
      <small id="open-org-code-hint">{t('operator.open.orgCodeHint')}</small>
      <QuotaFields prefix="open" value={quotas} onValue={setQuotas} />
      <fieldset>
        <legend>{t('operator.open.phrase')}</legend>
        <label className="check">
          <input type="radio" name="phrase-kind" checked={generate} onChange={() => setGenerate(true)} />
          {t('operator.open.generate')}
        </label>
        <label className="check">
          <input type="radio" name="phrase-kind" checked={!generate} onChange={() => setGenerate(false)} />
          {t('operator.open.type')}
        </label>
      </fieldset>
      {!generate && (
        <>
          <Field id="open-phrase" label={t('operator.open.phraseField')} value={phrase} onValue={setPhrase} type="password" required />
          <Field id="open-phrase-again" label={t('operator.open.phraseAgain')} value={again} onValue={setAgain} type="password" required />
          <small>{t('operator.open.tooShort', { min: minPhraseLength })}</small>
        </>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t(busy ? 'operator.open.opening' : 'operator.open.submit')}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('operator.cancel')}
        </button>
      </div>
      <Problem text={problem} />
    </form>
  );
}
