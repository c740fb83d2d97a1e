import type { InputOf, OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';

// What the treasurer's console reads of the space: the licence dashboard, the monthly statistics,
// the audit log, and their CSV exports, which the site streams (POST /api/exports/<name>.csv).

export type Licence = OutputOf<'licence.show'>;
export type StatisticsMonth = OutputOf<'stats.list'>['months'][number];
export type AuditQuery = InputOf<'audit.querySpace'>;
export type AuditPage = OutputOf<'audit.querySpace'>;

/** The space's usage against its quotas, per partition too, with the warnings reported (permission `licence.read`). */
export function readLicence(client: IlotClient): Promise<Licence> {
  return client.call('licence.show', {});
}

/** The space's months, oldest first, each with its partitions' figures (permission `stats.read`). */
export async function readStatistics(client: IlotClient, range: InputOf<'stats.list'> = {}): Promise<StatisticsMonth[]> {
  return (await client.call('stats.list', range)).months;
}

/** A page of the space's audit log, newest first (permission `audit.read`). */
export function readSpaceAudit(client: IlotClient, query: AuditQuery): Promise<AuditPage> {
  return client.call('audit.querySpace', query);
}

/** The exports, by the name of their route, with their filters. */
export interface CsvExports {
  audit: InputOf<'audit.exportSpace'>;
  stats: InputOf<'stats.export'>;
}

/**
 * A CSV export as the site streams it: the audit log's rows matching the filters (exactly those,
 * up to the last entry when it was asked), or the anonymous monthly statistics. Answers the file's
 * name as the site gives it and its bytes.
 */
export async function exportCsv<K extends keyof CsvExports>(
  client: IlotClient,
  kind: K,
  filters: CsvExports[K],
): Promise<{ name: string; data: Blob }> {
  const response = await client.request(`/api/exports/${kind}.csv`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(filters),
  });
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${kind}.csv`;
  return { name, data: await response.blob() };
}
