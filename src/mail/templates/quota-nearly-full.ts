import { Type } from '@sinclair/typebox';
import { compose } from '../compose.js';
import { defineTemplate } from './template.js';

/** The space quotas that are watched: what the server counts in clear for a whole space. */
export const WatchedQuota = Type.Union([Type.Literal('documents'), Type.Literal('volumeBytes'), Type.Literal('accounts')]);

const names = {
  en: { documents: 'documents', volumeBytes: 'volume', accounts: 'accounts' },
  fr: { documents: 'documents', volumeBytes: 'volume', accounts: 'comptes' },
} as const;

/** Bytes as people read them (MB, GB), figures as they are. */
function amount(quota: 'documents' | 'volumeBytes' | 'accounts', n: number): string {
  if (quota !== 'volumeBytes') return String(n);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) [value, unit] = [value / 1000, unit + 1];
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** To the operators: a space, or one of its partitions, passed 90 % of one of its quotas (sent once per crossing of 90 and of 100 %). */
export const quotaNearlyFull = defineTemplate({
  params: Type.Object(
    {
      orgCode: Type.String({ maxLength: 40 }),
      spaceId: Type.Integer(),
      quota: WatchedQuota,
      used: Type.Integer({ minimum: 0 }),
      limit: Type.Integer({ minimum: 1 }),
      /** The partition's name, when the quota is a partition's. */
      partition: Type.Optional(Type.String({ maxLength: 60 })),
    },
    { additionalProperties: false },
  ),
  render(p, language, site) {
    const name = names[language][p.quota];
    const percent = Math.floor((p.used * 100) / p.limit);
    const figures = `${amount(p.quota, p.used)} / ${amount(p.quota, p.limit)} (${percent} %)`;
    const of = p.partition === undefined ? '' : ` (partition ${p.partition})`;
    return language === 'fr'
      ? compose(language, `[${site.name}] espace ${p.orgCode}${of} : ${name} à ${percent} %`, [
          `L'espace ${p.orgCode} (n° ${p.spaceId})${of} de ${site.name} a passé 90 % de son quota de ${name} : ${figures}.`,
          `Augmentez son quota avec \`ilot space govern\` ou prévenez son comité. Ce message n'est envoyé qu'une fois par franchissement : à nouveau seulement après un retour sous le seuil.`,
        ])
      : compose(language, `[${site.name}] space ${p.orgCode}${of}: ${name} at ${percent} %`, [
          `The space ${p.orgCode} (number ${p.spaceId})${of} of ${site.name} passed 90 % of its ${name} quota: ${figures}.`,
          `Raise its quota with \`ilot space govern\` or tell its committee. This mail is sent once per crossing: again only after a return under the threshold.`,
        ]);
  },
});
