import { removeAccounts } from '../../../domain/account-removal.js';
import { abandonUploads } from '../../../domain/files.js';
import type { Tx } from '../../../store/database.js';
import { releasePrefix } from '../../../domain/phrases.js';
import { deferTasks } from '../../../domain/task-queue.js';
import { batchSize, type TaskKind } from '../task-kind.js';

const dayMs = 24 * 3600 * 1000;

/** A batch's next cursor when the rows it handled stop matching: again from the top while a batch was full. */
const again = (handled: number) => (handled === batchSize ? 0 : null);

/** Accounts past their lifetime are removed (their purge queued); frozen and closed spaces are left alone. */
export const expireAccounts: TaskKind = {
  kind: 'accounts.expire',
  daily: true,
  summary: 'Remove accounts past their lifetime and queue their purge',
  async run(context) {
    const now = Date.now();
    await context.batches<number>(async (tx) => {
      const expired = await tx
        .selectFrom('accounts')
        .innerJoin('spaces', 'spaces.id', 'accounts.space_id')
        .select(['accounts.space_id', 'accounts.id', 'accounts.prefix_id'])
        .where('accounts.expires_at', '<', now)
        .where('spaces.frozen', '=', 0)
        .where('spaces.closed_at', 'is', null)
        .limit(batchSize)
        .execute();
      await removeAccounts(tx, expired, now);
      return { items: expired.length, next: again(expired.length) };
    });
  },
};

/**
 * Secondary avatars past their own lifetime are removed (their contact phrase freed, their purge
 * queued), whichever account they were of: a sign-in of their account presents them and extends
 * them, so only an account gone or no longer signing in leaves them to expire. Legacy avatars,
 * still linked to their account, go with it; how many remain is reported each day until their
 * accounts' next sign-ins have moved them all into keyrings.
 */
export const expireAvatars: TaskKind = {
  kind: 'avatars.expire',
  daily: true,
  summary: 'Remove secondary avatars past their lifetime, report legacy links',
  async run(context) {
    const now = Date.now();
    await context.batches<number>(async (tx) => {
      const expired = await tx
        .selectFrom('avatars')
        .innerJoin('spaces', 'spaces.id', 'avatars.space_id')
        .select(['avatars.space_id', 'avatars.id', 'avatars.contact_prefix_id'])
        .where('avatars.expires_at', '<', now)
        .where('avatars.account_id', 'is', null)
        .where('avatars.is_primary', '=', 0)
        .where('spaces.frozen', '=', 0)
        .where('spaces.closed_at', 'is', null)
        .limit(batchSize)
        .execute();
      for (const avatar of expired) {
        await tx.deleteFrom('avatars').where('space_id', '=', avatar.space_id).where('id', '=', avatar.id).execute();
        if (avatar.contact_prefix_id) await releasePrefix(tx, avatar.space_id, avatar.contact_prefix_id);
      }
      await deferTasks(
        tx,
        expired.map((a) => ({ kind: 'purge.avatar', spaceId: a.space_id, target: a.id })),
        now,
      );
      return { items: expired.length, next: again(expired.length) };
    });
    const { legacy } = await context.store.db
      .selectFrom('avatars')
      .select((eb) => eb.fn.countAll<number>().as('legacy'))
      .where('is_primary', '=', 0)
      .where('account_id', 'is not', null)
      .executeTakeFirstOrThrow();
    if (Number(legacy) > 0)
      context.log.info(
        { legacyAvatars: Number(legacy) },
        'secondary avatars still linked to their accounts (legacy): each moves into its keyring at the next sign-in of its account',
      );
  },
};

/** Pending sponsorships past their date become expired, and their phrase's start is free again. */
export const expireSponsorships: TaskKind = {
  kind: 'sponsorships.expire',
  daily: true,
  summary: 'Mark sponsorships past their date as expired',
  async run(context) {
    const now = Date.now();
    await context.batches<number>(async (tx) => {
      const expired = await tx
        .selectFrom('sponsorships')
        .select(['space_id', 'id', 'prefix_id'])
        .where('state', '=', 'pending')
        .where('expires_at', '<', now)
        .limit(batchSize)
        .execute();
      for (const s of expired) {
        await tx.updateTable('sponsorships').set({ state: 'expired' }).where('space_id', '=', s.space_id).where('id', '=', s.id).execute();
        await releasePrefix(tx, s.space_id, s.prefix_id);
      }
      return { items: expired.length, next: again(expired.length) };
    });
  },
};

/**
 * Uploads reserved and never validated within `files.uploadHours` are abandoned (their volume
 * released, their ciphertext purged), and temporary files a crash or a dropped connection left in
 * the file store for a day or more are removed.
 */
export const removeStaleUploads: TaskKind = {
  kind: 'files.staleUploads',
  daily: true,
  summary: 'Abandon uploads never validated, remove unfinished writes',
  async run(context) {
    const now = Date.now();
    const cutoff = now - context.config.files.uploadHours * 3600_000;
    await context.batches<number>(async (tx) => {
      const stale = await tx
        .selectFrom('uploads')
        .selectAll()
        .where('reserved_at', '<', cutoff)
        .orderBy('space_id')
        .limit(batchSize)
        .execute();
      for (const spaceId of new Set(stale.map((u) => u.space_id))) {
        await abandonUploads(
          tx,
          spaceId,
          stale.filter((u) => u.space_id === spaceId),
          now,
        );
      }
      if (stale.length === batchSize) return { items: stale.length, next: 0 };
      // Removing temporary files is idempotent: run again after a crash, it finds what is left.
      return { items: stale.length + (await context.files.removeStaleTemps(dayMs)), next: null };
    });
  },
};

/** Closed spaces whose retention has ended lose their record too, once their purge is done; their number is free again. */
export const forgetClosedSpaces: TaskKind = {
  kind: 'spaces.forget',
  daily: true,
  summary: 'Remove the records of spaces closed longer than the retention',
  async run(context) {
    const cutoff = Date.now() - context.config.tasks.closedSpaceRetentionDays * dayMs;
    await context.batches<number>(async (tx) => {
      const spaces = await tx
        .selectFrom('spaces')
        .select('id')
        .where('closed_at', '<', cutoff)
        .where('id', '>', 0)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('tasks')
                .select('id')
                .whereRef('tasks.space_id', '=', 'spaces.id')
                .where('tasks.kind', '=', 'purge.space')
                .where('tasks.state', '<>', 'done'),
            ),
          ),
        )
        .limit(batchSize)
        .execute();
      for (const { id } of spaces) {
        // What came after the purge: refused sign-ins leave audit entries in the space's chain, late consumption counts their rows.
        // The organization's own fleet goes with it: its agents' credentials stop working, their apps keep running.
        for (const table of [
          'fleet_commands',
          'fleet_rollouts',
          'fleet_permissions',
          'fleet_hosts',
          'audit_entries',
          'audit_checkpoints',
          'space_stats',
          'partition_stats',
          'quota_warnings',
          'sessions',
          'account_consumption',
          'space_consumption',
          'task_runs',
          'tasks',
        ] as const)
          await tx.deleteFrom(table).where('space_id', '=', id).execute();
        await tx.deleteFrom('spaces').where('id', '=', id).execute();
      }
      return { items: spaces.length, next: again(spaces.length) };
    });
  },
};

/** Bookkeeping that would otherwise grow forever: finished tasks (30 days), task runs (90 days), ended sessions (45 days). */
export const housekeeping: TaskKind = {
  kind: 'site.housekeeping',
  daily: true,
  summary: 'Remove finished tasks, old task runs and ended sessions',
  async run(context) {
    const now = Date.now();
    const phases = [
      async (tx: Tx) => {
        const rows = await tx
          .selectFrom('tasks')
          .select(['space_id', 'id'])
          .where('state', 'in', ['done', 'cancelled'])
          .where('finished_at', '<', now - 30 * dayMs)
          .limit(batchSize)
          .execute();
        for (const r of rows) await tx.deleteFrom('tasks').where('space_id', '=', r.space_id).where('id', '=', r.id).execute();
        return rows.length;
      },
      async (tx: Tx) => {
        const rows = await tx
          .selectFrom('task_runs')
          .select(['space_id', 'task_id', 'id'])
          .where('started_at', '<', now - 90 * dayMs)
          .limit(batchSize)
          .execute();
        for (const r of rows)
          await tx
            .deleteFrom('task_runs')
            .where('space_id', '=', r.space_id)
            .where('task_id', '=', r.task_id)
            .where('id', '=', r.id)
            .execute();
        return rows.length;
      },
      async (tx: Tx) => {
        const rows = await tx
          .selectFrom('sessions')
          .select(['space_id', 'id'])
          .where('expires_at', '<', now - 45 * dayMs)
          .limit(batchSize)
          .execute();
        for (const r of rows) await tx.deleteFrom('sessions').where('space_id', '=', r.space_id).where('id', '=', r.id).execute();
        return rows.length;
      },
    ];
    await context.batches<number>(async (tx, cursor) => {
      const phase = cursor ?? 0;
      const removed = await phases[phase]!(tx);
      const next = removed === batchSize ? phase : phase + 1;
      return { items: removed, next: next < phases.length ? next : null };
    });
  },
};
