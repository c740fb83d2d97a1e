import type { Transporter } from 'nodemailer';
import type { Config } from '../config/schema.js';
import type { ComposedMail } from './compose.js';
import { mailFailure } from './failure.js';

/** Whether this site sends mail at all. */
export function mailEnabled(config: Config): boolean {
  return config.smtp.host !== '';
}

/**
 * A transport from the configuration, made when a mail is sent (nodemailer is loaded then: most
 * runs of the site send none). Not pooled: one connection per mail, closed after it.
 */
async function openTransport(config: Config): Promise<Transporter> {
  const { default: nodemailer } = await import('nodemailer');
  const { smtp } = config;
  const timeout = smtp.timeoutSeconds * 1000;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    // A dead or silent server fails the sending, which the task engine retries later.
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    logger: false,
    debug: false,
  });
}

/** Sends one mail to the given addresses; throws a failure that names no address nor secret. */
export async function deliver(config: Config, to: string[], mail: ComposedMail): Promise<void> {
  const transport = await openTransport(config);
  try {
    await transport.sendMail({ from: config.smtp.from, to, subject: mail.subject, text: mail.text, html: mail.html });
  } catch (error) {
    throw mailFailure(error);
  } finally {
    transport.close();
  }
}

/** For `ilot doctor`: connects, reads the greeting, says hello (and signs in when a user is set). */
export async function checkSmtp(config: Config): Promise<string> {
  const { smtp } = config;
  if (!mailEnabled(config)) return 'not configured (smtp.host is empty): alerts go to the log only, no mail is sent';
  const transport = await openTransport(config);
  try {
    await transport.verify();
  } catch (error) {
    throw mailFailure(error, `${smtp.host}:${smtp.port} did not answer, greet or accept the login`);
  } finally {
    transport.close();
  }
  const to = smtp.to.length ? `${smtp.to.length} operator address(es)` : 'no operator address (smtp.to is empty)';
  return `${smtp.host}:${smtp.port} greets${smtp.user ? ' and accepts the login' : ''}; alerts to ${to}`;
}
