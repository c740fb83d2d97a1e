import { Type } from '@sinclair/typebox';

/** The languages of mails: a template has its words in each. */
export const MailLanguage = Type.Union([Type.Literal('en'), Type.Literal('fr')]);
export type MailLanguage = 'en' | 'fr';
