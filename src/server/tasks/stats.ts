import { Counter, type Registry } from 'prom-client';

/** Task metrics on /metrics: runs by kind and result, time spent, items processed. */
export class TaskStats {
  private readonly runs: Counter<'kind' | 'result'>;
  private readonly seconds: Counter<'kind'>;
  private readonly processed: Counter<'kind'>;

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'ilot_task_runs_total',
      help: 'Task runs by kind and result (ok, error)',
      labelNames: ['kind', 'result'],
      registers: [registry],
    });
    this.seconds = new Counter({
      name: 'ilot_task_run_seconds_total',
      help: 'Time spent running tasks, by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.processed = new Counter({
      name: 'ilot_task_items_total',
      help: 'Items processed by tasks, by kind',
      labelNames: ['kind'],
      registers: [registry],
    });
  }

  run(kind: string, result: 'ok' | 'error', seconds: number): void {
    this.runs.inc({ kind, result });
    this.seconds.inc({ kind }, seconds);
  }

  items(kind: string, n: number): void {
    if (n > 0) this.processed.inc({ kind }, n);
  }
}
