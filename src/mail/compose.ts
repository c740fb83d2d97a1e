import type { MailLanguage } from '../shared/mail.js';

/** A mail ready to send: its subject, its text, and the same text as simple HTML. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

/**
 * A mail from its subject and paragraphs (a paragraph may hold several lines). The HTML part is
 * the same words, escaped, one <p> per paragraph: no markup comes from what a template is given.
 */
export function compose(language: MailLanguage, subject: string, paragraphs: string[]): ComposedMail {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');
  return {
    // A subject is one line, whatever a parameter held.
    subject: subject.replace(/[\r\n]+/g, ' ').slice(0, 200),
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="${language}"><head><meta charset="utf-8"></head><body>\n${body}\n</body></html>\n`,
  };
}
