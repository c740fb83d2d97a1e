import { Type } from '@sinclair/typebox';
import { compose } from '../compose.js';
import { defineTemplate } from './template.js';

/** To the operators: a task failed all its attempts and waits for them. */
export const taskFailed = defineTemplate({
  params: Type.Object(
    {
      kind: Type.String({ maxLength: 100 }),
      taskId: Type.String({ maxLength: 100 }),
      spaceId: Type.Integer(),
      target: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
      attempts: Type.Integer(),
      error: Type.String({ maxLength: 1000 }),
    },
    { additionalProperties: false },
  ),
  render(p, language, site) {
    const facts = [
      `kind:    ${p.kind}`,
      `task:    ${p.taskId}`,
      `space:   ${p.spaceId}`,
      `target:  ${p.target ?? '-'}`,
      `error:   ${p.error}`,
    ].join('\n');
    return language === 'fr'
      ? compose(language, `[${site.name}] tâche en échec : ${p.kind}`, [
          `Une tâche de ${site.name} a échoué ${p.attempts} fois ; elle ne sera plus essayée avant qu'un opérateur la relance.`,
          facts,
          'Relancez-la avec `ilot tasks retry <tâche>` une fois la cause corrigée.',
        ])
      : compose(language, `[${site.name}] task failed: ${p.kind}`, [
          `A task of ${site.name} failed ${p.attempts} times and will not be tried again until an operator retries it.`,
          facts,
          'Retry it with `ilot tasks retry <task>` once the cause is fixed.',
        ]);
  },
});
