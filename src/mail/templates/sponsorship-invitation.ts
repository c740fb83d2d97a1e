import { Type } from '@sinclair/typebox';
import { compose } from '../compose.js';
import { defineTemplate } from './template.js';

/**
 * To a future member, at the sponsor's request: the org code and the join page. Never the
 * sponsorship phrase, which the server does not have and which the sponsor hands by another channel:
 * the mail alone opens nothing.
 */
export const sponsorshipInvitation = defineTemplate({
  params: Type.Object({ orgCode: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
  render(p, language, site) {
    const link = `${site.publicUrl}/join`;
    return language === 'fr'
      ? compose(language, `${site.name} : vous êtes parrainé·e dans l'espace ${p.orgCode}`, [
          `Bonjour,`,
          `Un membre de l'espace ${p.orgCode} sur ${site.name} vous propose d'en devenir membre.`,
          `Pour accepter, ouvrez ${link}, saisissez le code d'organisation ${p.orgCode} et la phrase de parrainage que votre parrain ou marraine vous donne de vive voix ou par un autre moyen. Cette phrase n'est jamais envoyée par courriel.`,
          `Si vous n'attendiez pas ce message, ignorez-le : sans la phrase, il ne donne accès à rien.`,
        ])
      : compose(language, `${site.name}: you are sponsored in the space ${p.orgCode}`, [
          `Hello,`,
          `A member of the space ${p.orgCode} on ${site.name} invites you to join it.`,
          `To accept, open ${link}, enter the org code ${p.orgCode} and the sponsorship phrase your sponsor gives you in person or by another channel. That phrase is never sent by mail.`,
          `If you did not expect this message, ignore it: without the phrase it opens nothing.`,
        ]);
  },
});
