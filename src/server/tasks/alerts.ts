import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/database.js';
import { mailKind, queueMail } from '../../mail/queue.js';
import { mailEnabled } from '../../mail/transport.js';

export interface FailedTask {
  space_id: number;
  id: string;
  kind: string;
  target: string | null;
  attempts: number;
}

/**
 * Tells the operators that a task failed for good: always in the log (by the engine), and by a
 * queued mail when SMTP and operator addresses are configured. A failed backup has its own mail. A
 * mail task that failed for good is only logged: mailing about it would queue the next one to fail.
 */
export class Alerts {
  constructor(
    private readonly config: Config,
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
  ) {}

  async taskFailed(task: FailedTask, error: Error): Promise<void> {
    if (!mailEnabled(this.config) || this.config.smtp.to.length === 0 || task.kind === mailKind) return;
    const failure = { taskId: task.id, attempts: task.attempts, error: error.message.slice(0, 1000) };
    try {
      await this.store.transaction((tx) =>
        queueMail(
          tx,
          task.kind === 'backup'
            ? { template: 'backupFailed', params: failure, to: { operators: true } }
            : {
                template: 'taskFailed',
                params: { ...failure, kind: task.kind.slice(0, 100), spaceId: task.space_id, target: task.target?.slice(0, 200) ?? null },
                to: { operators: true },
              },
          `failed:${task.id}:${task.attempts}`,
        ),
      );
    } catch (queueError) {
      this.log.error({ err: queueError, task: task.id }, 'could not queue the alert mail of a failed task');
    }
  }
}
