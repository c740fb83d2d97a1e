import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareQuotas } from '../../../../src/client/partitions.js';
import { Field } from '../../ui/fields';

const megabyte = 1e6;

/**
 * Documents and file volume (typed in MB) of a partition, an account or the A accounts' share, as
 * one form: every quota change of the console goes through it. The server judges the sums.
 */
export function QuotasForm({
  id,
  legend,
  initial,
  submit,
  busy,
  onQuotas,
  children,
}: {
  id: string;
  legend: string;
  initial: ShareQuotas;
  submit: string;
  busy: boolean;
  onQuotas: (quotas: ShareQuotas) => void;
  /** Fields asked before the quotas (a new partition's name). */
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [documents, setDocuments] = useState(String(initial.documents));
  const [megabytes, setMegabytes] = useState(String(initial.volumeBytes / megabyte));
  const send = (event: FormEvent) => {
    event.preventDefault();
    onQuotas({ documents: Number(documents), volumeBytes: Math.round(Number(megabytes) * megabyte) });
  };
  return (
    <form className="change" onSubmit={send} aria-label={legend}>
      <fieldset className="quotas">
        <legend>{legend}</legend>
        {children}
        <div>
          <Field
            id={`${id}-documents`}
            label={t('admin.quotas.documents')}
            value={documents}
            onValue={setDocuments}
            type="number"
            min={0}
            step={1}
            required
          />
        </div>
        <div>
          <Field
            id={`${id}-megabytes`}
            label={t('admin.quotas.megabytes')}
            value={megabytes}
            onValue={setMegabytes}
            type="number"
            min={0}
            step="any"
            required
          />
        </div>
      </fieldset>
      <button type="submit" className="secondary" disabled={busy}>
        {submit}
      </button>
    </form>
  );
}
