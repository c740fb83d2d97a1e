import type { Transporter } from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config/schema.js';

export interface FailedTask {
  space_id: number;
  id: string;
  kind: string;
  target: string | null;
  attempts: number;
}

/** Tells the operators that a task failed for good: always in the log (by the engine), by e-mail when SMTP is configured. */
export class Alerts {
  private transport: Promise<Transporter> | undefined;

  constructor(
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The mail transport, made at the first alert (most sites never load the mailer). */
  private mailer(): Promise<Transporter> | undefined {
    const { smtp } = this.config;
    if (!smtp.host || !smtp.to.length) return undefined;
    return (this.transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
        // Alerts must not hang the engine on a dead mail server.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    ));
  }

  async taskFailed(task: FailedTask, error: Error): Promise<void> {
    const mailer = this.mailer();
    if (!mailer) return;
    const { smtp, siteName } = this.config;
    const lines = [
      `A task of ${siteName} failed ${task.attempts} times and will not be tried again until an operator retries it.`,
      '',
      `kind:    ${task.kind}`,
      `task:    ${task.id}`,
      `space:   ${task.space_id}`,
      `target:  ${task.target ?? '-'}`,
      `error:   ${error.message}`,
      '',
      'Retry it with `ilot tasks retry <task>` once the cause is fixed.',
    ];
    try {
      await (
        await mailer
      ).sendMail({ from: smtp.from, to: smtp.to, subject: `[${siteName}] task failed: ${task.kind}`, text: lines.join('\n') });
    } catch (mailError) {
      this.log.error({ err: mailError, task: task.id }, 'could not send the alert e-mail of a failed task');
    }
  }

  close(): void {
    void this.transport?.then((t) => t.close());
  }
}
