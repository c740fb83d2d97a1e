import { useTranslation } from 'react-i18next';
import type { SpaceView } from './space-view';
import { Field } from '../../ui/fields';

/** Quotas as typed: volume in GB and the monthly amount in euros, as operators agree them. */
export interface QuotaInputs {
  documents: string;
  volumeGb: string;
  monthlyEuros: string;
  maxAccounts: string;
}

export const quotaInputsOf = (q: SpaceView['quotas']): QuotaInputs => ({
  documents: String(q.documents),
  volumeGb: String(q.volumeBytes / 1e9),
  monthlyEuros: String(q.monthlyCents / 100),
  maxAccounts: String(q.maxAccounts),
});

/** The quotas an operation takes; the site checks their bounds (VALIDATION_FAILED names the one out of them). */
export const quotasOf = (q: QuotaInputs): SpaceView['quotas'] => ({
  documents: Math.round(Number(q.documents)),
  volumeBytes: Math.round(Number(q.volumeGb) * 1e9),
  monthlyCents: Math.round(Number(q.monthlyEuros) * 100),
  maxAccounts: Math.round(Number(q.maxAccounts)),
});

export function QuotaFields({ prefix, value, onValue }: { prefix: string; value: QuotaInputs; onValue: (v: QuotaInputs) => void }) {
  const { t } = useTranslation();
  const field = (key: keyof QuotaInputs, step: string) => (
    <div>
      <Field
        id={`${prefix}-${key}`}
        label={t(`operator.quotas.${key}`)}
        value={value[key]}
        onValue={(v) => onValue({ ...value, [key]: v })}
        type="number"
        inputMode="decimal"
        min={key === 'maxAccounts' ? 1 : 0}
        step={step}
        required
      />
    </div>
  );
  return (
    <fieldset className="quotas">
      <legend>{t('operator.quotas.title')}</legend>
      {field('documents', '1')}
      {field('volumeGb', 'any')}
      {field('monthlyEuros', '0.01')}
      {field('maxAccounts', '1')}
    </fieldset>
  );
}
