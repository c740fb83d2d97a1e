import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  perBucket: number[];
}

interface PrintedValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

/**
 * A latency histogram by label set. prom-client hashes the label set on every observation, which
 * cost a tenth of the throughput of a small request; here each label set keeps plain counters,
 * turned into Prometheus series only when scraped.
 */
export class LatencyHistogram {
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly name: string,
    private readonly help: string,
  ) {}

  /** `key` names the label set (the labels joined), so that a known series costs no allocation. */
  observe(key: string, labels: () => Record<string, string>, seconds: number): void {
    let series = this.series.get(key);
    if (!series) {
      series = { labels: labels(), count: 0, sum: 0, perBucket: new Array<number>(buckets.length + 1).fill(0) };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    let i = 0;
    while (i < buckets.length && seconds > buckets[i]!) i++;
    series.perBucket[i]!++;
  }

  /** Registers the histogram, and optionally a counter of the same observations, in the shape a prom-client registry prints. */
  register(registry: Registry, counter?: { name: string; help: string }): void {
    const all = () => [...this.series.values()];
    const metric = (name: string, help: string, type: string, values: () => PrintedValue[]) => ({
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.series.clear(),
    });
    if (counter)
      registry.registerMetric(
        metric(counter.name, counter.help, 'counter', () => all().map((s) => ({ labels: s.labels, value: s.count }))) as never,
      );
    const { name } = this;
    registry.registerMetric(
      metric(name, this.help, 'histogram', () =>
        all().flatMap((s) => {
          let cumulative = 0;
          const bucketLines = [...buckets, '+Inf'].map((le, i) => {
            cumulative += s.perBucket[i]!;
            return { metricName: `${name}_bucket`, labels: { le, ...s.labels }, value: cumulative };
          });
          return [
            ...bucketLines,
            { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
            { metricName: `${name}_count`, labels: s.labels, value: s.count },
          ];
        }),
      ) as never,
    );
  }
}

/** Prometheus metrics of this node at GET /metrics: HTTP traffic by route and status, and the process's own. */
export function installMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ilot_' });
  const requests = new LatencyHistogram('ilot_http_request_duration_seconds', 'Time to serve an HTTP request');
  requests.register(registry, { name: 'ilot_http_requests_total', help: 'HTTP requests served' });

  app.addHook('onResponse', (request, reply, done) => {
    const { method } = request;
    // Unmatched paths share one label so that probing cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    requests.observe(`${method} ${route} ${status}`, () => ({ method, route, status: String(status) }), reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
