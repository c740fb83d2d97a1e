import { Type } from '@sinclair/typebox';
import { compose } from '../compose.js';
import { defineTemplate } from './template.js';

/** To the operators: the daily backup failed all its attempts (written, verified or rotated). */
export const backupFailed = defineTemplate({
  params: Type.Object(
    { taskId: Type.String({ maxLength: 100 }), attempts: Type.Integer(), error: Type.String({ maxLength: 1000 }) },
    { additionalProperties: false },
  ),
  render(p, language, site) {
    return language === 'fr'
      ? compose(language, `[${site.name}] la sauvegarde a échoué`, [
          `La sauvegarde quotidienne de ${site.name} a échoué ${p.attempts} fois : le site n'a pas de sauvegarde récente.`,
          `Erreur : ${p.error}`,
          `Vérifiez avec \`ilot doctor\` et \`ilot backup list\`, puis relancez avec \`ilot tasks retry ${p.taskId}\` ou \`ilot backup create\`.`,
        ])
      : compose(language, `[${site.name}] the backup failed`, [
          `The daily backup of ${site.name} failed ${p.attempts} times: the site has no recent backup.`,
          `Error: ${p.error}`,
          `Check with \`ilot doctor\` and \`ilot backup list\`, then retry with \`ilot tasks retry ${p.taskId}\` or \`ilot backup create\`.`,
        ]);
  },
});
