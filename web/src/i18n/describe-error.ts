import { IlotClientError } from '../../../src/client/errors.js';
import { errorMessages } from './error-messages';
import { en } from './en';
import { fr } from './fr';

/** What to tell the person about a failure, in their language: the code's message, else a network or general one. */
export function describeError(error: unknown, language: string): string {
  const lang = language.startsWith('fr') ? 'fr' : 'en';
  const words = lang === 'fr' ? fr : en;
  if (error instanceof IlotClientError) return errorMessages[error.code]?.[lang] ?? words.errors.unknown;
  // fetch rejects with a TypeError when the site cannot be reached.
  if (error instanceof TypeError) return words.errors.network;
  return words.errors.unknown;
}
