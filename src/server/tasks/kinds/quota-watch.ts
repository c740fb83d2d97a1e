import { sql } from 'kysely';
import type { Tx } from '../../../store/database.js';
import { siteSpaceId } from '../../../store/schema.js';
import { queueMail } from '../../../mail/queue.js';
import { mailEnabled } from '../../../mail/transport.js';
import type { TaskKind } from '../task-kind.js';

type Quota = 'documents' | 'volumeBytes' | 'accounts';

/** A quota alerts at 90 % and alerts again only after its space went back under 80 %: no mail a day for a space hovering at 90 %. In tenths, to compare whole numbers. */
const alertAt = 9;
const rearmBelow = 8;

const keyPrefix = 'mail.quotaAlert:';
const keyOf = (spaceId: number, quota: Quota) => `${keyPrefix}${spaceId}:${quota}`;

/** What a space uses of its quotas, as the site counts it in clear: its notes, its files' bytes (uploads in progress too), its accounts. */
async function spaceUsage(tx: Tx, spaceId: number): Promise<Record<Quota, number>> {
  const one = async (query: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) =>
    Number((await query.executeTakeFirstOrThrow()).n ?? 0);
  const bytes = (table: 'files' | 'uploads') =>
    one(
      tx
        .selectFrom(table)
        .select(sql<string>`coalesce(sum(size), 0)`.as('n'))
        .where('space_id', '=', spaceId),
    );
  const count = (table: 'notes' | 'accounts') =>
    one(
      tx
        .selectFrom(table)
        .select(sql<string>`count(*)`.as('n'))
        .where('space_id', '=', spaceId),
    );
  return {
    documents: await count('notes'),
    volumeBytes: (await bytes('files')) + (await bytes('uploads')),
    accounts: await count('accounts'),
  };
}

/**
 * Daily: each open space's usage against its quotas. A quota passing 90 % is recorded (a site
 * setting, `mail.quotaAlert:<space>:<quota>`) and mailed to the operators once; the record goes
 * when the usage falls under 80 % (the next crossing mails again), or when the space is closed.
 * The monthly budget is not watched: the site does not turn consumption into money.
 */
export const watchQuotas: TaskKind = {
  kind: 'quotas.watch',
  daily: true,
  summary: 'Alert the operators once when a space passes 90 % of a quota',
  async run(context) {
    const { config, log } = context;
    const mails = mailEnabled(config) && config.smtp.to.length > 0;
    await context.batches<number>(async (tx, cursor) => {
      const now = Date.now();
      const space = await tx
        .selectFrom('spaces')
        .select(['id', 'org_code', 'quota_documents', 'quota_volume_bytes', 'max_accounts'])
        .where('id', '>', cursor ?? siteSpaceId)
        .where('closed_at', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!space) {
        // Records of spaces closed or gone since.
        const open = new Set((await tx.selectFrom('spaces').select('id').where('closed_at', 'is', null).execute()).map((r) => r.id));
        const records = await tx
          .selectFrom('site_settings')
          .select('key')
          .where('space_id', '=', siteSpaceId)
          .where('key', 'like', `${keyPrefix}%`)
          .execute();
        const stale = records.map((r) => r.key).filter((key) => !open.has(Number(key.slice(keyPrefix.length).split(':')[0])));
        if (stale.length) await tx.deleteFrom('site_settings').where('space_id', '=', siteSpaceId).where('key', 'in', stale).execute();
        return { items: 0, next: null };
      }
      const usage = await spaceUsage(tx, space.id);
      const limits: Record<Quota, number | null> = {
        documents: space.quota_documents,
        volumeBytes: space.quota_volume_bytes,
        accounts: space.max_accounts,
      };
      const recorded = new Set(
        (
          await tx
            .selectFrom('site_settings')
            .select('key')
            .where('space_id', '=', siteSpaceId)
            .where('key', 'like', `${keyPrefix}${space.id}:%`)
            .execute()
        ).map((r) => r.key),
      );
      let alerts = 0;
      for (const quota of ['documents', 'volumeBytes', 'accounts'] as const) {
        const limit = Number(limits[quota] ?? 0);
        if (limit <= 0) continue;
        const used = usage[quota];
        const key = keyOf(space.id, quota);
        if (used * 10 < limit * rearmBelow && recorded.has(key))
          await tx.deleteFrom('site_settings').where('space_id', '=', siteSpaceId).where('key', '=', key).execute();
        if (used * 10 < limit * alertAt || recorded.has(key)) continue;
        await tx
          .insertInto('site_settings')
          .values({ space_id: siteSpaceId, key, value: JSON.stringify({ since: now, used, limit }) })
          .execute();
        log.warn({ space: space.id, quota, used, limit }, 'a space passed 90 % of a quota');
        if (mails)
          await queueMail(
            tx,
            {
              template: 'quotaNearlyFull',
              params: { orgCode: space.org_code, spaceId: space.id, quota, used, limit },
              to: { operators: true },
            },
            `quota:${space.id}:${quota}:${now.toString(36)}`,
            { now },
          );
        alerts++;
      }
      return { items: alerts, next: space.id };
    });
  },
};
