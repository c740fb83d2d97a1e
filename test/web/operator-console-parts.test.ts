import { describe, expect, it } from 'vitest';
import { auditCsv, type AuditEntry } from '../../web/src/ui/audit/csv.js';
import { parseMetrics, rates, readingOf, total } from '../../web/src/operator/health/metrics.js';
import { generatePhrase } from '../../web/src/operator/spaces/phrase.js';
import { minPhraseLength } from '../../src/shared/crypto/phrase.js';

// The console's pure parts, without a browser: the audit CSV, the reading of /metrics, the generated phrase.

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  at: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  actor: 'alice',
  role: 'operator:admin',
  action: 'space.setFrozen',
  target: 'acme',
  details: { frozen: true },
  address: '127.0.0.1',
  userAgent: null,
  result: 'ok',
  errorCode: null,
  requestId: 'r1',
  ...over,
});

describe('the audit CSV', () => {
  it('has a header, then one line per entry in the order given, times in ISO 8601 and details as JSON', () => {
    const csv = auditCsv([entry({ seq: 7 }), entry({ seq: 3, result: 'error', errorCode: 'FORBIDDEN', details: null, target: null })]);
    expect(csv.split('\r\n')).toEqual([
      'seq,at,actor,role,action,target,result,errorCode,address,userAgent,requestId,details',
      '7,2026-01-02T03:04:05.006Z,alice,operator:admin,space.setFrozen,acme,ok,,127.0.0.1,,r1,"{""frozen"":true}"',
      '3,2026-01-02T03:04:05.006Z,alice,operator:admin,space.setFrozen,,error,FORBIDDEN,127.0.0.1,,r1,',
      '',
    ]);
    expect(auditCsv([])).toBe('seq,at,actor,role,action,target,result,errorCode,address,userAgent,requestId,details\r\n');
  });

  it('quotes commas, quotes and line breaks, and defuses what a spreadsheet would take for a formula', () => {
    const [, line] = auditCsv([
      entry({ userAgent: 'Agent, "quoted"\nnext line', target: '=HYPERLINK("x")', actor: '-2+3', address: '@sum' }),
    ]).split('\r\n');
    expect(line).toBe(
      `1,2026-01-02T03:04:05.006Z,'-2+3,operator:admin,space.setFrozen,"'=HYPERLINK(""x"")",ok,,'@sum,"Agent, ""quoted""\nnext line",r1,"{""frozen"":true}"`,
    );
  });
});

describe('reading /metrics', () => {
  const text = [
    '# HELP ilot_http_requests_total HTTP requests served',
    '# TYPE ilot_http_requests_total counter',
    'ilot_http_requests_total{method="GET",route="/a",status="200"} 10',
    'ilot_http_requests_total{method="POST",route="/api/ops/x",status="503"} 2',
    'ilot_http_requests_total{method="GET",route="/odd \\"route\\", with comma",status="500"} 1',
    'ilot_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/a",status="200"} 10',
    'ilot_http_request_duration_seconds_sum{method="GET",route="/a",status="200"} 0.5',
    'ilot_http_request_duration_seconds_count{method="GET",route="/a",status="200"} 10',
    'ilot_process_resident_memory_bytes 123456',
    'ilot_process_start_time_seconds 1700000000',
    'ilot_task_runs_total{kind="backup",result="error"} 2',
    'ilot_task_runs_total{kind="backup",result="ok"} 5',
    'ilot_backup_last_good_timestamp_seconds 0',
    'not a sample line',
    'ilot_broken_value{a="b"} NaN-ish',
    '',
  ].join('\n');

  it('sums the samples of a metric, with the labels they are filtered on (escaped quotes and commas included)', () => {
    const samples = parseMetrics(text);
    expect(total(samples, 'ilot_http_requests_total')).toBe(13);
    expect(total(samples, 'ilot_http_requests_total', (l) => l.status!.startsWith('5'))).toBe(3);
    expect(samples.find((s) => s.labels.status === '500')!.labels.route).toBe('/odd "route", with comma');
    expect(total(samples, 'ilot_absent')).toBeNull();
    expect(samples.some((s) => s.name === 'ilot_broken_value')).toBe(false);
    const reading = readingOf(samples, 1000);
    expect(reading).toMatchObject({
      requests: 13,
      serverErrors: 3,
      residentBytes: 123456,
      startedAt: 1_700_000_000_000,
      taskFailures: 2,
      // 0 means none: shown as none, not as 1970.
      lastGoodBackupAt: null,
    });
  });

  it('gives requests per second and mean latency between two readings; a restart (counters back to 0) is no negative rate', () => {
    const first = readingOf(parseMetrics(text), 10_000);
    const later = {
      ...first,
      at: 12_000,
      requests: first.requests + 8,
      durationCount: first.durationCount + 4,
      durationSum: first.durationSum + 0.2,
    };
    const { perSecond, latencyMs } = rates(first, later);
    expect(perSecond).toBe(4);
    expect(latencyMs).toBeCloseTo(50, 6);
    expect(rates(later, { ...first, at: 14_000 })).toEqual({ perSecond: 0, latencyMs: null });
    expect(rates(first, { ...first })).toEqual({ perSecond: 0, latencyMs: null });
  });
});

describe('a generated sponsorship phrase', () => {
  it('is long enough, made of readable syllables, and never the same twice', () => {
    const phrases = Array.from({ length: 200 }, generatePhrase);
    for (const phrase of phrases) {
      expect(phrase).toMatch(/^([bdfgjklmnprstvz][aeiou]){3}( ([bdfgjklmnprstvz][aeiou]){3}){5}$/);
      expect(phrase.length).toBeGreaterThanOrEqual(minPhraseLength);
    }
    expect(new Set(phrases).size).toBe(phrases.length);
    // Every syllable shows up: the draw covers the whole alphabet.
    expect(new Set(phrases.join('').replaceAll(' ', '')).size).toBe(20);
  });
});
