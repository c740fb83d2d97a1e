import type { FastifyInstance } from 'fastify';
import { Registry, collectDefaultMetrics } from 'prom-client';

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: { method: string; route: string; status: string };
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
 * HTTP request count and latency by method, route and status. prom-client hashes the label set
 * on every observation, which cost a tenth of the throughput of a small request; here each label
 * set keeps plain counters, turned into Prometheus series only when scraped.
 */
class HttpStats {
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        perBucket: new Array<number>(buckets.length + 1).fill(0),
      };
      this.series.set(key, series);
    }
    series.count++;
    series.sum += seconds;
    let i = 0;
    while (i < buckets.length && seconds > buckets[i]!) i++;
    series.perBucket[i]!++;
  }

  /** The two metrics in the shape a prom-client registry prints. */
  metrics() {
    const all = () => [...this.series.values()];
    const metric = (name: string, help: string, type: string, values: () => PrintedValue[]) => ({
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
      reset: () => this.series.clear(),
    });
    return [
      metric('ilot_http_requests_total', 'HTTP requests served', 'counter', () => all().map((s) => ({ labels: s.labels, value: s.count }))),
      metric('ilot_http_request_duration_seconds', 'Time to serve an HTTP request', 'histogram', () =>
        all().flatMap((s) => {
          let cumulative = 0;
          const bucketLines = [...buckets, '+Inf'].map((le, i) => {
            cumulative += s.perBucket[i]!;
            return { metricName: 'ilot_http_request_duration_seconds_bucket', labels: { le, ...s.labels }, value: cumulative };
          });
          return [
            ...bucketLines,
            { metricName: 'ilot_http_request_duration_seconds_sum', labels: s.labels, value: s.sum },
            { metricName: 'ilot_http_request_duration_seconds_count', labels: s.labels, value: s.count },
          ];
        }),
      ),
    ];
  }
}

/** Prometheus metrics of this node at GET /metrics: HTTP traffic by route and status, and the process's own. */
export function installMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ilot_' });
  const stats = new HttpStats();
  for (const metric of stats.metrics()) registry.registerMetric(metric as never);

  app.addHook('onResponse', (request, reply, done) => {
    // Unmatched paths share one label so that probing cannot blow up the series count.
    stats.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
