// Phrases (passphrases, sponsorship and contact phrases): normalized the same way everywhere, so
// that what a person types on any device gives the same keys.

export const minPhraseLength = 24;
export const prefixLength = 12;

/** Unicode NFC, whitespace runs collapsed to one space, trimmed; case is kept. */
export function normalizePhrase(phrase: string): string {
  return phrase.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Length in characters (code points), not UTF-16 units. */
export function phraseLength(normalized: string): number {
  return [...normalized].length;
}

/** Null when the phrase is acceptable, else why not (stable code). */
export function phraseProblem(phrase: string): 'PHRASE_TOO_SHORT' | null {
  return phraseLength(normalizePhrase(phrase)) < minPhraseLength ? 'PHRASE_TOO_SHORT' : null;
}

/** The first 12 characters of the normalized phrase: two phrases may not share it within a space. */
export function phrasePrefix(normalized: string): string {
  return [...normalized].slice(0, prefixLength).join('');
}
