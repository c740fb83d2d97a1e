import { Type } from '@sinclair/typebox';
import { compose } from '../compose.js';
import { defineTemplate } from './template.js';

/**
 * To a treasurer: a member posted an urgent item in a chat. Chats are end-to-end encrypted, so the
 * mail says only that there is one, in which space, and where to sign in to read it.
 */
export const urgentChatItem = defineTemplate({
  params: Type.Object({ orgCode: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
  render(p, language, site) {
    const where = site.publicUrl ? `${site.publicUrl}/` : site.name;
    return language === 'fr'
      ? compose(language, `[${site.name}] ${p.orgCode} : un message urgent vous attend`, [
          `Un membre de l'espace ${p.orgCode} a posté un message urgent dans une discussion.`,
          `Connectez-vous sur ${where} avec le code d'organisation ${p.orgCode} pour le lire. Son contenu est chiffré : ce courriel ne peut pas le montrer.`,
        ])
      : compose(language, `[${site.name}] ${p.orgCode}: an urgent item is waiting`, [
          `A member of the space ${p.orgCode} posted an urgent item in a chat.`,
          `Sign in at ${where} with the org code ${p.orgCode} to read it. Its content is encrypted: this mail cannot show it.`,
        ]);
  },
});
