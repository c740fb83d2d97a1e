import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ilot } from '../support/cli.js';
import { sqliteEngine } from '../support/engines.js';
import { SmtpSink } from './smtp-sink.js';

const password = 'doctor-smtp-password-never-shown';

/** `ilot doctor --json`'s SMTP check with the given SMTP settings. */
async function smtpCheck(env: Record<string, string>): Promise<{ ok: boolean; detail: string; output: string }> {
  const run = await ilot(['doctor', '--json'], {
    ILOT_DATABASE_URL: await sqliteEngine.freshUrl(),
    ILOT_DOCTOR_MIN_FREE_DISK_MB: '0',
    ...env,
  });
  const results = JSON.parse(run.stdout) as { check: string; ok: boolean; detail: string }[];
  const smtp = results.find((r) => r.check === 'smtp')!;
  return { ...smtp, output: run.stdout + run.stderr };
}

describe('ilot doctor: SMTP', () => {
  const sink = new SmtpSink();
  let port: number;
  beforeAll(async () => {
    port = await sink.start();
  });
  afterAll(() => sink.stop());
  const settings = () => ({
    ILOT_SMTP_HOST: '127.0.0.1',
    ILOT_SMTP_PORT: String(port),
    ILOT_SMTP_USER: 'ilot',
    ILOT_SMTP_PASSWORD: password,
    ILOT_SMTP_TO: '["ops@example.org"]',
  });

  it('says "not configured" without smtp.host, and that is not a failure', async () => {
    const check = await smtpCheck({});
    expect(check).toMatchObject({ ok: true });
    expect(check.detail).toMatch(/^not configured/);
  });

  it('passes when the server greets and accepts the login', async () => {
    sink.mode = 'accept';
    const check = await smtpCheck(settings());
    expect(check.ok).toBe(true);
    expect(check.detail).toBe(`127.0.0.1:${port} greets and accepts the login; alerts to 1 operator address(es)`);
  });

  it('fails, without the password, when the login is refused or nobody answers', async () => {
    sink.mode = 'auth-fail';
    try {
      const refused = await smtpCheck(settings());
      expect(refused.ok).toBe(false);
      expect(refused.detail).toMatch(/did not answer, greet or accept the login \(EAUTH.*535/);
      expect(refused.output).not.toContain(password);
    } finally {
      sink.mode = 'accept';
    }
    const nobody = await smtpCheck({ ...settings(), ILOT_SMTP_PORT: '1' });
    expect(nobody.ok).toBe(false);
    expect(nobody.detail).toMatch(/^127\.0\.0\.1:1 did not answer, greet or accept the login \((ESOCKET|ECONNECTION)/);
  });
});
