import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../i18n/describe-error';
import { ModePicker } from '../modes/ModePicker';
import { defaultMode, type Mode } from '../modes/modes';
import { useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { mark } from '../ui/marks';
import { Farewell } from '../membership/DeleteAccount';
import { useOperator } from '../operator/session';
import { operatorOrgCode } from '../../../src/shared/protocol.js';

/** Org code, passphrase and mode; keys are derived in a worker while a progress bar runs. */
export function SignIn() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const operator = useOperator();
  const navigate = useNavigate();
  const [orgCode, setOrgCode] = useState('');
  const [passphrase, setPassphrase] = useState('');
  // With no network at all, offline is the only mode that can work.
  const [mode, setMode] = useState<Mode>(() => (navigator.onLine ? defaultMode : 'offline'));
  const [stage, setStage] = useState<'deriving' | 'signingIn' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    mark('submitted');
    setProblem(null);
    try {
      // The org code admin opens the operator console, not a member's space.
      const operating = orgCode.trim() === operatorOrgCode;
      if (operating) await operator.signIn(passphrase, setStage);
      else await session.signIn(orgCode.trim(), passphrase, setStage, mode);
      setPassphrase('');
      void navigate(operating ? '/operator' : '/space');
    } catch (error) {
      setProblem(describeError(error, i18n.language));
    } finally {
      setStage(null);
    }
  }

  return (
    <section className="card narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <Farewell />
      {operator.ended && (
        <p className="banner" role="status">
          {t('signIn.operatorSessionEnded')}
        </p>
      )}
      <p className="muted">{t('signIn.intro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <Field
          id="org-code"
          label={t('signIn.orgCode')}
          value={orgCode}
          onValue={setOrgCode}
          name="orgCode"
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          required
          aria-describedby="org-code-hint"
        />
        <small id="org-code-hint">{t('signIn.orgCodeHint')}</small>
        <Field
          id="passphrase"
          label={t('signIn.passphrase')}
          value={passphrase}
          onValue={setPassphrase}
          name="passphrase"
          type="password"
          autoComplete="current-password"
          required
          aria-describedby="passphrase-hint"
        />
        <small id="passphrase-hint">{t('signIn.passphraseHint')}</small>
        <ModePicker value={mode} onChange={setMode} />
        <button type="submit" disabled={stage !== null}>
          {t('signIn.submit')}
        </button>
        {stage && (
          <div className="progress" role="status">
            <progress aria-label={t(`signIn.${stage}`)} />
            <span>{t(`signIn.${stage}`)}</span>
          </div>
        )}
        <Problem text={problem} />
      </form>
      <p>
        <Link to="/join">{t('signIn.join')}</Link>
      </p>
    </section>
  );
}
