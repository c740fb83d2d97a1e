import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { costs, issueTicket, redeemTicket, spendCredit } from '../../../src/client/costs.js';
import { useSession } from '../session/session';
import { Field, Problem } from '../ui/fields';
import { formatCents, formatMillicents, formatTicketCode, parseCents } from '../ui/money';
import { useAction } from '../ui/use-action';
import { useLoaded } from '../ui/use-loaded';
import { keepTickets, pendingTickets, type PendingTicket } from './pending-tickets';

/**
 * An A account's balance, and its tickets: it issues one (a code and an amount to pay by bank
 * transfer), and once the treasurer has recorded the payment, collects it as credit.
 */
export function Balance() {
  const { t, i18n } = useTranslation();
  const { client, mode } = useSession();
  const accountId = client.member.id;
  const load = useCallback(async () => (await costs(client, 1)).balance, [client]);
  const { data: balance, problem: loadProblem, setData } = useLoaded(load);
  const { busy, problem, setProblem, run } = useAction();
  const [tickets, setTickets] = useState(() => pendingTickets(accountId, mode));
  const [amount, setAmount] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const keep = (next: PendingTicket[]) => {
    keepTickets(accountId, next, mode);
    setTickets(next);
  };
  const issue = (event: FormEvent) => {
    event.preventDefault();
    const cents = parseCents(amount);
    if (cents === null) return setProblem(t('balance.badAmount'));
    keep([...tickets, { ...issueTicket(cents), issuedAt: Date.now() }]);
    setAmount('');
  };
  const collect = (ticket: PendingTicket) =>
    void run(async () => {
      setDone(null);
      let current = ticket;
      if (!current.credit) {
        const { code, amountCents } = ticket;
        current = { ...ticket, credit: await redeemTicket(client.url, client.member.orgCode, { code, amountCents }) };
        keep(pendingTickets(accountId, mode).map((p) => (p.code === ticket.code ? current : p)));
      }
      setData(await spendCredit(client, current.credit!));
      keep(pendingTickets(accountId, mode).filter((p) => p.code !== ticket.code));
      setDone(t('balance.collected', { amount: formatCents(ticket.amountCents, i18n.language) }));
    });
  const money = (millicents: number) => formatMillicents(millicents, i18n.language);

  return (
    <section className="card" aria-labelledby="balance-title" aria-busy={balance === null && loadProblem === null}>
      <h2 id="balance-title">{t('balance.title')}</h2>
      <Problem text={loadProblem ?? problem} />
      {done && <p role="status">{done}</p>}
      {balance && (
        <dl className="conditions">
          <dt>{t('balance.balance')}</dt>
          <dd data-testid="balance">{money(balance.balance)}</dd>
          <dt>{t('balance.credits')}</dt>
          <dd>{money(balance.credits)}</dd>
          <dt>{t('balance.gifts')}</dt>
          <dd>{money(balance.gifts)}</dd>
          <dt>{t('balance.costs')}</dt>
          <dd>{money(balance.costs)}</dd>
        </dl>
      )}
      <h3>{t('balance.tickets')}</h3>
      <p className="muted">{t('balance.ticketsIntro')}</p>
      <ul className="sessions" aria-label={t('balance.tickets')}>
        {tickets.map((ticket) => (
          <li key={ticket.code}>
            <span>
              <code className="ticket-code">{formatTicketCode(ticket.code)}</code> · {formatCents(ticket.amountCents, i18n.language)}
            </span>
            <button type="button" className="secondary" disabled={busy} onClick={() => collect(ticket)}>
              {t('balance.collect')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={issue}>
        <Field id="ticket-amount" label={t('balance.amount')} value={amount} onValue={setAmount} inputMode="decimal" required />
        <button type="submit" disabled={busy}>
          {t('balance.issue')}
        </button>
      </form>
    </section>
  );
}
