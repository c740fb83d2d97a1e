import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';

const load = (env: Record<string, string>) => loadConfig({ env, file: undefined }).config;
const problems = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('; ');
    throw error;
  }
  return '';
};

describe('mail settings', () => {
  it('defaults to no mail, operators in English, five invitations a day', () => {
    const config = load({});
    expect(config.smtp).toMatchObject({ host: '', language: 'en', timeoutSeconds: 30, invitationsPerDay: 5 });
    expect(config.site.publicUrl).toBe('');
  });

  it('takes them from variables', () => {
    const config = load({
      ILOT_SMTP_LANGUAGE: 'fr',
      ILOT_SMTP_TIMEOUT_SECONDS: '5',
      ILOT_SMTP_INVITATIONS_PER_DAY: '0',
      ILOT_SITE_PUBLIC_URL: 'https://ilot.example.org/base/',
    });
    expect([config.smtp.language, config.smtp.timeoutSeconds, config.smtp.invitationsPerDay, config.site.publicUrl]).toEqual([
      'fr',
      5,
      0,
      'https://ilot.example.org/base/',
    ]);
  });

  it('refuses a language it has no words in, a zero timeout and a public address that is not a plain http(s) one', () => {
    expect(problems({ ILOT_SMTP_LANGUAGE: 'de' })).toMatch(/smtp\.language/);
    expect(problems({ ILOT_SMTP_TIMEOUT_SECONDS: '0' })).toMatch(/smtp\.timeoutSeconds/);
    expect(problems({ ILOT_SMTP_INVITATIONS_PER_DAY: '-1' })).toMatch(/smtp\.invitationsPerDay/);
    for (const bad of [
      'javascript:alert(1)',
      'ilot.example.org',
      'https://user@ilot.example.org',
      'https://ilot.example.org/?next=x',
      'https://a b.org',
    ])
      expect(problems({ ILOT_SITE_PUBLIC_URL: bad }), bad).toMatch(/site\.publicUrl/);
  });
});
