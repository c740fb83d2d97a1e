import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputOf } from '../../../../src/shared/operations/index.js';
import { Field, Problem } from '../../ui/fields';
import { useAction } from '../../ui/use-action';
import { formatTime } from '../format';
import { useOperator } from '../session';
import { auditCsv, download, type AuditEntry } from './csv';

type Query = Omit<InputOf<'audit.querySite'>, 'before' | 'limit'>;
const empty = { space: '', action: '', actor: '', result: '', from: '', to: '' };
const pageSize = 100;

/** What the filters say, as the query takes it; a time range that ends before it starts is refused here. */
function queryOf(filters: typeof empty): Query | null {
  const time = (value: string) => (value ? new Date(value).getTime() : undefined);
  const query: Query = {
    ...(filters.space.trim() && { target: filters.space.trim() }),
    ...(filters.action.trim() && { action: filters.action.trim() }),
    ...(filters.actor.trim() && { actor: filters.actor.trim() }),
    ...(filters.result && { result: filters.result as 'ok' | 'error' }),
    ...(filters.from && { from: time(filters.from) }),
    // The end minute is included.
    ...(filters.to && { to: time(filters.to)! + 60_000 }),
  };
  return query.from !== undefined && query.to !== undefined && query.from >= query.to ? null : query;
}

/** The site's audit log, filtered; the filtered rows, all of them, exported as CSV. */
export function Audit() {
  const { t, i18n } = useTranslation();
  const { client } = useOperator();
  const [filters, setFilters] = useState(empty);
  const [shown, setShown] = useState<{ query: Query; entries: AuditEntry[]; next: number | null } | null>(null);
  const { busy, problem, setProblem, run } = useAction();

  const page = useCallback(
    (query: Query, before?: number) => client.call('audit.querySite', { ...query, limit: pageSize, ...(before && { before }) }),
    [client],
  );

  function search(event?: FormEvent) {
    event?.preventDefault();
    const query = queryOf(filters);
    if (!query) return setProblem(t('operator.audit.badRange'));
    void run(async () => {
      const { entries, next } = await page(query);
      setShown({ query, entries, next });
    });
  }

  const more = () =>
    void run(async () => {
      if (!shown?.next) return;
      const { entries, next } = await page(shown.query, shown.next);
      setShown({ ...shown, entries: [...shown.entries, ...entries], next });
    });

  // Every row the filters select, not only the pages shown: read to the end, then saved.
  const exportCsv = () =>
    void run(async () => {
      if (!shown) return;
      const all: AuditEntry[] = [];
      let before: number | undefined;
      do {
        const { entries, next } = await client.call('audit.querySite', { ...shown.query, limit: 500, ...(before && { before }) });
        all.push(...entries);
        before = next ?? undefined;
      } while (before !== undefined);
      download(`ilot-audit-${new Date().toISOString().slice(0, 10)}.csv`, auditCsv(all), 'text/csv;charset=utf-8');
    });

  const set = (key: keyof typeof empty) => (value: string) => setFilters({ ...filters, [key]: value });
  // The latest entries, unfiltered, when the panel opens (not again: a later search is kept).
  useEffect(() => {
    void run(async () => {
      const first = await page({});
      setShown((current) => current ?? { query: {}, ...first });
    });
  }, [page, run]);

  return (
    <section className="card" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('operator.tabs.audit')}</h1>
      <form className="filters" onSubmit={search} aria-label={t('operator.audit.filters')}>
        <div>
          <Field id="audit-space" label={t('operator.audit.space')} value={filters.space} onValue={set('space')} autoCapitalize="none" />
        </div>
        <div>
          <Field
            id="audit-action"
            label={t('operator.audit.action')}
            value={filters.action}
            onValue={set('action')}
            autoCapitalize="none"
          />
        </div>
        <div>
          <Field id="audit-actor" label={t('operator.audit.actor')} value={filters.actor} onValue={set('actor')} autoCapitalize="none" />
        </div>
        <div>
          <label htmlFor="audit-result">{t('operator.audit.result')}</label>
          <select id="audit-result" value={filters.result} onChange={(e) => set('result')(e.target.value)}>
            <option value="">{t('operator.all')}</option>
            <option value="ok">{t('operator.audit.ok')}</option>
            <option value="error">{t('operator.audit.error')}</option>
          </select>
        </div>
        <div>
          <Field id="audit-from" label={t('operator.audit.from')} type="datetime-local" value={filters.from} onValue={set('from')} />
        </div>
        <div>
          <Field id="audit-to" label={t('operator.audit.to')} type="datetime-local" value={filters.to} onValue={set('to')} />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('operator.audit.search')}
          </button>
          <button type="button" className="secondary" disabled={busy || !shown?.entries.length} onClick={exportCsv}>
            {t('operator.audit.export')}
          </button>
        </div>
      </form>
      <Problem text={problem} />
      {shown && (
        <>
          <p role="status">{t('operator.audit.count', { n: shown.entries.length, more: shown.next ? '+' : '' })}</p>
          <div className="scroll">
            <table className="audit">
              <thead>
                <tr>
                  <th scope="col">{t('operator.audit.at')}</th>
                  <th scope="col">{t('operator.audit.actor')}</th>
                  <th scope="col">{t('operator.audit.action')}</th>
                  <th scope="col">{t('operator.audit.target')}</th>
                  <th scope="col">{t('operator.audit.result')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.entries.map((e) => (
                  <tr key={e.seq} data-seq={e.seq}>
                    <td data-label={t('operator.audit.at')}>{formatTime(e.at, i18n.language)}</td>
                    <td data-label={t('operator.audit.actor')}>
                      {e.actor} <small>({e.role})</small>
                    </td>
                    <td data-label={t('operator.audit.action')}>
                      <code>{e.action}</code>
                    </td>
                    <td data-label={t('operator.audit.target')}>{e.target ?? '—'}</td>
                    <td data-label={t('operator.audit.result')} className={e.result === 'ok' ? 'ok' : 'failed'}>
                      {e.result === 'ok' ? t('operator.audit.ok') : e.errorCode}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.next !== null && (
            <button type="button" className="secondary" disabled={busy} onClick={more}>
              {t('operator.audit.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
