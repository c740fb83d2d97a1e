import { licenceMeasures, licenceOf, type Gauges } from '../../../domain/licence.js';
import { siteSpaceId } from '../../../store/schema.js';
import { queueMail } from '../../../mail/queue.js';
import { mailEnabled } from '../../../mail/transport.js';
import type { TaskKind } from '../task-kind.js';

/** The measures the operators' mail names (the template's); the monthly cost warns in the console only. */
const mailed = new Set(['documents', 'volumeBytes', 'accounts'] as const);
const isMailed = (measure: string): measure is 'documents' | 'volumeBytes' | 'accounts' => mailed.has(measure as never);

/** A warning reaching this level is mailed to the operators. */
const mailFrom = 90;

/**
 * Daily: each open space's usage against its quotas, and each of its partitions'. A measure
 * reaching 75, 90 or 100 % is reported once per crossing: the last level reported is kept in
 * `quota_warnings` (shown by the licence dashboard); falling under it lowers the record, so that the
 * next crossing reports again. Reports from 90 % on are mailed to the operators when mail is set up.
 */
export const watchQuotas: TaskKind = {
  kind: 'quotas.watch',
  daily: true,
  summary: 'Report once per crossing a space or partition passing 75, 90 or 100 % of a quota',
  async run(context) {
    const { config, log } = context;
    const mails = mailEnabled(config) && config.smtp.to.length > 0;
    await context.batches<number>(async (tx, cursor) => {
      const now = Date.now();
      const space = await tx
        .selectFrom('spaces')
        .select(['id', 'org_code'])
        .where('id', '>', cursor ?? siteSpaceId)
        .where('closed_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!space) return { items: 0, next: null };
      const licence = await licenceOf(tx, space.id);
      const recorded = new Map(
        (await tx.selectFrom('quota_warnings').selectAll().where('space_id', '=', space.id).execute()).map((r) => [
          `${r.scope}:${r.measure}`,
          Number(r.level),
        ]),
      );
      const scopes: { scope: string; name?: string; gauges: Gauges }[] = [
        { scope: '', gauges: licence.space },
        ...licence.partitions.map((p) => ({ scope: p.id, name: p.name, gauges: p.gauges })),
      ];
      let reports = 0;
      for (const { scope, name, gauges } of scopes)
        for (const measure of licenceMeasures) {
          const { used, quota, level } = gauges[measure];
          const before = recorded.get(`${scope}:${measure}`) ?? 0;
          if (level === before) continue;
          const where = { space_id: space.id, scope, measure };
          await tx
            .deleteFrom('quota_warnings')
            .where('space_id', '=', space.id)
            .where('scope', '=', scope)
            .where('measure', '=', measure)
            .execute();
          // Under every threshold: nothing to show, and the next crossing reports again.
          if (level === 0) continue;
          await tx
            .insertInto('quota_warnings')
            .values({ ...where, level, used: used!, quota: quota!, reported_at: now })
            .execute();
          // A lower level re-arms the ones above it; it is no news.
          if (level < before) continue;
          reports++;
          log.warn({ space: space.id, partition: scope || undefined, measure, used, quota, level }, `a quota passed ${level} %`);
          if (mails && level >= mailFrom && isMailed(measure))
            await queueMail(
              tx,
              {
                template: 'quotaNearlyFull',
                params: {
                  orgCode: space.org_code,
                  spaceId: space.id,
                  quota: measure,
                  used: used!,
                  limit: quota!,
                  ...(name === undefined ? {} : { partition: name }),
                },
                to: { operators: true },
              },
              `quota:${space.id}:${scope ? `${scope}:` : ''}${measure}:${now.toString(36)}`,
              { now },
            );
        }
      return { items: reports, next: space.id };
    });
  },
};
