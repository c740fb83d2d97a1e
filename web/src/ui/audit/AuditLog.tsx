import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../../src/shared/operations/index.js';
import { Field, Problem } from '../fields';
import { formatTime } from '../format';
import { useAction } from '../use-action';
import type { AuditEntry } from './csv';

/** The filters of an audit log, the same for the site's and a space's. */
export type AuditQuery = Omit<InputOf<'audit.querySite'>, 'before' | 'limit'>;
type AuditPage = { entries: AuditEntry[]; next: number | null };

const empty = { target: '', action: '', actor: '', result: '', from: '', to: '' };
const pageSize = 100;

/** What the filters say, as the query takes it; a time range that ends before it starts is refused here. */
function queryOf(filters: typeof empty): AuditQuery | null {
  const time = (value: string) => (value ? new Date(value).getTime() : undefined);
  const query: AuditQuery = {
    ...(filters.target.trim() && { target: filters.target.trim() }),
    ...(filters.action.trim() && { action: filters.action.trim() }),
    ...(filters.actor.trim() && { actor: filters.actor.trim() }),
    ...(filters.result && { result: filters.result as 'ok' | 'error' }),
    ...(filters.from && { from: time(filters.from) }),
    // The end minute is included.
    ...(filters.to && { to: time(filters.to)! + 60_000 }),
  };
  return query.from !== undefined && query.to !== undefined && query.from >= query.to ? null : query;
}

/**
 * An audit log, filtered, a page at a time, and the filtered rows, all of them, exported as CSV:
 * the operators' console reads the site's, the treasurer's console the space's. `read` asks a
 * page, `save` exports every row of a query.
 */
export function AuditLog({
  heading,
  targetLabel,
  read,
  save,
}: {
  heading: ReactNode;
  targetLabel: string;
  read: (query: AuditQuery, limit: number, before?: number) => Promise<AuditPage>;
  save: (query: AuditQuery) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState(empty);
  const [shown, setShown] = useState<(AuditPage & { query: AuditQuery }) | null>(null);
  const { busy, problem, setProblem, run } = useAction();

  function search(event?: FormEvent) {
    event?.preventDefault();
    const query = queryOf(filters);
    if (!query) return setProblem(t('audit.badRange'));
    void run(async () => setShown({ query, ...(await read(query, pageSize)) }));
  }

  const more = () =>
    void run(async () => {
      if (!shown?.next) return;
      const { entries, next } = await read(shown.query, pageSize, shown.next);
      setShown({ ...shown, entries: [...shown.entries, ...entries], next });
    });

  const exportCsv = () =>
    void run(async () => {
      if (shown) await save(shown.query);
    });

  const set = (key: keyof typeof empty) => (value: string) => setFilters({ ...filters, [key]: value });
  // The latest entries, unfiltered, when the panel opens (not again: a later search is kept).
  useEffect(() => {
    void run(async () => {
      const first = await read({}, pageSize);
      setShown((current) => current ?? { query: {}, ...first });
    });
  }, [read, run]);

  return (
    <section className="card" aria-labelledby="audit-title" aria-busy={shown === null && problem === null}>
      {heading}
      <form className="filters" onSubmit={search} aria-label={t('audit.filters')}>
        <div>
          <Field id="audit-target" label={targetLabel} value={filters.target} onValue={set('target')} autoCapitalize="none" />
        </div>
        <div>
          <Field id="audit-action" label={t('audit.action')} value={filters.action} onValue={set('action')} autoCapitalize="none" />
        </div>
        <div>
          <Field id="audit-actor" label={t('audit.actor')} value={filters.actor} onValue={set('actor')} autoCapitalize="none" />
        </div>
        <div>
          <label htmlFor="audit-result">{t('audit.result')}</label>
          <select id="audit-result" value={filters.result} onChange={(e) => set('result')(e.target.value)}>
            <option value="">{t('audit.all')}</option>
            <option value="ok">{t('audit.ok')}</option>
            <option value="error">{t('audit.error')}</option>
          </select>
        </div>
        <div>
          <Field id="audit-from" label={t('audit.from')} type="datetime-local" value={filters.from} onValue={set('from')} />
        </div>
        <div>
          <Field id="audit-to" label={t('audit.to')} type="datetime-local" value={filters.to} onValue={set('to')} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('audit.search')}
          </button>
          <button type="button" className="secondary" disabled={busy || !shown?.entries.length} onClick={exportCsv}>
            {t('audit.export')}
          </button>
        </div>
      </form>
      <Problem text={problem} />
      {shown && (
        <>
          <p role="status">{t('audit.count', { n: shown.entries.length, more: shown.next ? '+' : '' })}</p>
          <div className="scroll">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.result')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.entries.map((e) => (
                  <tr key={e.seq} data-seq={e.seq}>
                    <td data-label={t('audit.at')}>{formatTime(e.at, i18n.language)}</td>
                    <td data-label={t('audit.actor')}>
                      {e.actor} <small>({e.role})</small>
                    </td>
                    <td data-label={t('audit.action')}>
                      <code>{e.action}</code>
                    </td>
                    <td data-label={t('audit.target')}>{e.target ?? '—'}</td>
                    <td data-label={t('audit.result')} className={e.result === 'ok' ? 'ok' : 'failed'}>
                      {e.result === 'ok' ? t('audit.ok') : e.errorCode}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.next !== null && (
            <button type="button" className="secondary" disabled={busy} onClick={more}>
              {t('audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
