import { describe, expect, it } from 'vitest';
import { isMailAddress } from '../../src/shared/mail.js';

describe('mail addresses', () => {
  it('takes addresses as people type them', () => {
    for (const ok of [
      'dominique@example.org',
      'd.martin+ilot@asso.example.fr',
      "o'brien@mail.example.ie",
      'x@élysée.fr',
      `${'a'.repeat(64)}@b.co`,
    ])
      expect(isMailAddress(ok), ok).toBe(true);
  });

  it('refuses what is not one, or could bend a header', () => {
    for (const bad of [
      '',
      'dominique',
      '@example.org',
      'dominique@',
      'dominique@localhost',
      'a@b@example.org',
      'do minique@example.org',
      'dominique@example.org\r\nBcc: all@example.org',
      'dominique@example.org, other@example.org',
      '"quoted"@example.org',
      '<dominique@example.org>',
      '.dominique@example.org',
      'domi..nique@example.org',
      'dominique@-example.org',
      'dominique@example..org',
      `${'a'.repeat(65)}@example.org`,
      `a@${'b'.repeat(250)}.org`,
    ])
      expect(isMailAddress(bad), JSON.stringify(bad)).toBe(false);
  });
});
