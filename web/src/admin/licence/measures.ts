import type { Licence } from '../../../../src/client/reports.js';
import { formatBytes, formatNumber } from '../../ui/format';

// The four measures of a licence, in the order the console shows them, each with its words and
// how its figures are written.

export type Gauges = Licence['space'];
export type Measure = keyof Gauges;

export const measures: { key: Measure; words: string; format: (n: number, language: string) => string }[] = [
  { key: 'documents', words: 'admin.licence.documents', format: formatNumber },
  { key: 'volumeBytes', words: 'admin.licence.volume', format: formatBytes },
  { key: 'accounts', words: 'admin.licence.accounts', format: formatNumber },
  {
    key: 'monthlyCents',
    words: 'admin.licence.monthly',
    format: (cents, language) => (cents / 100).toLocaleString(language, { style: 'currency', currency: 'EUR' }),
  },
];

/** The share of its quota a gauge uses, in %; null where there is nothing to compare. */
export const percentOf = ({ used, quota }: Gauges[Measure]) =>
  used === null || quota === null || quota <= 0 ? null : (used * 100) / quota;
