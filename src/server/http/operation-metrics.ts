import type { Registry } from 'prom-client';
import { LatencyHistogram } from './metrics.js';

export interface SlowOperationLog {
  warn(details: object, message: string): void;
}

/**
 * Time spent in the pipeline by operation and result, on /metrics, and a warning for each
 * operation slower than log.slowOperationMs (0: none). The line names the operation, its result
 * and duration, never its input: inputs carry secrets.
 */
export class OperationTimings {
  private readonly histogram = new LatencyHistogram('ilot_operation_duration_seconds', 'Time to run an operation through the pipeline');

  constructor(
    registry: Registry,
    private readonly slowMs: number,
    private readonly log: SlowOperationLog,
  ) {
    this.histogram.register(registry);
  }

  /** `requestId` ties the warning to the request's own log line. */
  observe(operation: string, result: 'ok' | 'error', ms: number, requestId: string): void {
    this.histogram.observe(`${operation} ${result}`, () => ({ operation, result }), ms / 1000);
    if (this.slowMs > 0 && ms >= this.slowMs)
      this.log.warn({ reqId: requestId, operation, result, ms: Math.round(ms), slowOperationMs: this.slowMs }, 'slow operation');
  }
}
