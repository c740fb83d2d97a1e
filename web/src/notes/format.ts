import DOMPurify from 'dompurify';
import { Marked } from 'marked';

// The formatting a note may carry (PRODUCT.md E): bold, italic, headings and lists. Everything else
// a member types is text: HTML they write is shown as written, links and images as their words.

const allowedTags = ['p', 'br', 'strong', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li'];

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    image: ({ text }) => escapeHtml(text),
  },
});

/** A note's text as HTML holding only the allowed formatting; safe to put in the page. */
export function formatNote(text: string): string {
  const html = marked.parse(text, { async: false });
  // Sanitizing after rendering: whatever the parser lets through, only these tags, no attributes.
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: allowedTags, ALLOWED_ATTR: [] });
}

/** A note named in a sentence: its first line, without marks, cut short. */
export function excerpt(text: string, max = 60): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '')
    .replace(/^\s*(#+|[-*+]|\d+\.)\s+/, '')
    .replace(/[*_]/g, '')
    .trim();
  return [...line].length > max ? `${[...line].slice(0, max - 1).join('')}…` : line;
}
