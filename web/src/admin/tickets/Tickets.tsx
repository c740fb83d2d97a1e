import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recordPayment } from '../../../../src/client/costs.js';
import { useSession } from '../../session/session';
import { Field, Problem } from '../../ui/fields';
import { formatCents, formatTicketCode, parseCents, parseTicketCode } from '../../ui/money';
import { useAction } from '../../ui/use-action';

/**
 * The treasurer records a payment received by the ticket code its transfer quoted, and its amount.
 * The server keeps no account with the ticket: this panel cannot show whose it is, nor list tickets.
 */
export function Tickets() {
  const { t, i18n } = useTranslation();
  const { client } = useSession();
  const { busy, problem, setProblem, run } = useAction();
  const [code, setCode] = useState('');
  const [amount, setAmount] = useState('');
  const [recorded, setRecorded] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRecorded(null);
    const ticket = parseTicketCode(code);
    const cents = parseCents(amount);
    if (ticket === null) return setProblem(t('admin.tickets.badCode'));
    if (cents === null) return setProblem(t('admin.tickets.badAmount'));
    void run(async () => {
      await recordPayment(client, { code: ticket, amountCents: cents });
      setRecorded(t('admin.tickets.recorded', { amount: formatCents(cents, i18n.language), code: formatTicketCode(ticket) }));
      setCode('');
      setAmount('');
    });
  };

  return (
    <section className="card" aria-labelledby="tickets-title" aria-busy={busy}>
      <div className="panel-head">
        <h2 id="tickets-title">{t('admin.tabs.tickets')}</h2>
      </div>
      <p className="muted">{t('admin.tickets.intro')}</p>
      <Problem text={problem} />
      {recorded && <p role="status">{recorded}</p>}
      <form onSubmit={submit}>
        <Field
          id="ticket-code"
          label={t('admin.tickets.code')}
          value={code}
          onValue={setCode}
          autoComplete="off"
          spellCheck={false}
          placeholder="ABCD EFGH JKLM NPQR"
          required
        />
        <Field id="ticket-amount" label={t('admin.tickets.amount')} value={amount} onValue={setAmount} inputMode="decimal" required />
        <button type="submit" disabled={busy}>
          {t('admin.tickets.record')}
        </button>
      </form>
    </section>
  );
}
