import { useTranslation } from 'react-i18next';
import { modes, type Mode } from './modes';
import './modes.css';

/** The three modes of a session, each with what it keeps in this browser (radio buttons: arrow keys move between them). */
export function ModePicker({ value, onChange }: { value: Mode; onChange: (mode: Mode) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="modes">
      <legend>{t('modes.legend')}</legend>
      {modes.map((mode) => (
        <div key={mode} className="mode">
          <input
            type="radio"
            id={`mode-${mode}`}
            name="mode"
            value={mode}
            checked={value === mode}
            onChange={() => onChange(mode)}
            aria-describedby={`mode-${mode}-hint`}
          />
          <label htmlFor={`mode-${mode}`}>{t(`modes.${mode}.name`)}</label>
          <small id={`mode-${mode}-hint`}>{t(`modes.${mode}.hint`)}</small>
        </div>
      ))}
    </fieldset>
  );
}

/** Said on every screen of an offline session: it only reads. */
export function OfflineBanner() {
  const { t } = useTranslation();
  return (
    <p className="offline-banner" role="status">
      {t('modes.offlineBanner')}
    </p>
  );
}
