import type { Kysely } from 'kysely';
import type { Tx } from '../../../store/database.js';
import type { Database } from '../../../store/schema.js';
import { avatarFolder, groupFolder, noteFileName } from '../../../store/files/names.js';
import { removeFromGroups } from '../../../domain/group-departure.js';
import { hasActiveMember, purgeGroupKind } from '../../../domain/groups.js';
import { batchSize, type TaskContext, type TaskKind } from '../task-kind.js';

type SpaceTable = Exclude<keyof Database, 'ilot_migrations' | 'spaces'>;

/** A step of a purge: a table, its key column, and which of its rows go (beyond the space). */
interface Step {
  table: SpaceTable;
  key: string;
  where?: [column: string, value: string];
  /** Only rows whose column holds one of these values (none: the step has nothing to do). */
  within?: [column: string, values: readonly string[]];
  /** Rows to keep, by key (the running purge's own task). */
  keep?: string;
}

/**
 * Deletes, in one batch, up to `batchSize` keys' worth of rows of a step: the keys are read first
 * so that the delete stays bounded on both engines (PostgreSQL has no DELETE … LIMIT).
 */
async function deleteSome(tx: Tx, spaceId: number, step: Step): Promise<number> {
  // Kysely's types cannot follow a table chosen at run time; the steps are all literal.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = tx as unknown as Kysely<any>;
  if (step.within?.[1].length === 0) return 0;
  let select = db.selectFrom(step.table).select(step.key).distinct().where('space_id', '=', spaceId);
  if (step.where) select = select.where(step.where[0], '=', step.where[1]);
  if (step.within) select = select.where(step.within[0], 'in', step.within[1]);
  if (step.keep) select = select.where(step.key, '<>', step.keep);
  const keys = ((await select.limit(batchSize).execute()) as Record<string, unknown>[]).map((r) => r[step.key]);
  if (keys.length === 0) return 0;
  let remove = db.deleteFrom(step.table).where('space_id', '=', spaceId).where(step.key, 'in', keys);
  if (step.where) remove = remove.where(step.where[0], '=', step.where[1]);
  if (step.within) remove = remove.where(step.within[0], 'in', step.within[1]);
  const result = await remove.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** One batch of the steps, from step `from` on: the items it removed, and the step to go on from (null: done). */
async function purgeBatch(tx: Tx, spaceId: number, steps: Step[], from: number): Promise<{ items: number; next: number | null }> {
  for (let step = from; step < steps.length; step++) {
    const removed = await deleteSome(tx, spaceId, steps[step]!);
    if (removed > 0) return { items: removed, next: step };
  }
  return { items: 0, next: null };
}

/** Runs the steps in order, batch by batch; the cursor is the index of the current step. */
async function purge(context: TaskContext, spaceId: number, steps: Step[]): Promise<void> {
  await context.batches<number>((tx, cursor) => purgeBatch(tx, spaceId, steps, cursor ?? 0));
}

function target(context: TaskContext): string {
  if (!context.task.target) throw new Error(`${context.task.kind} needs a target`);
  return context.task.target;
}

/**
 * The chats of a deleted avatar whose other avatar is gone too: they go whole. A chat whose other
 * avatar remains keeps its items for it; only the deleted avatar's side goes.
 */
async function chatsOfBothGone(context: TaskContext, spaceId: number, avatarId: string): Promise<string[]> {
  const rows = await context.store.db
    .selectFrom('chat_sides')
    .leftJoin('avatars', (join) =>
      join.onRef('avatars.space_id', '=', 'chat_sides.space_id').onRef('avatars.id', '=', 'chat_sides.other_id'),
    )
    .select('chat_sides.chat_id')
    .where('chat_sides.space_id', '=', spaceId)
    .where('chat_sides.avatar_id', '=', avatarId)
    .where('avatars.id', 'is', null)
    .execute();
  return rows.map((r) => r.chat_id);
}

/** What remains of a deleted avatar: its notes, files and uploads, their tombstones, its version counter, the contacts on both sides, its side of its chats (and the chats whose other avatar is gone too), the files' ciphertext. */
export const purgeAvatar: TaskKind = {
  kind: 'purge.avatar',
  daily: false,
  forgetsTarget: true,
  summary: "Purge a deleted avatar's contacts, chats and files",
  async run(context) {
    const id = target(context);
    const { spaceId } = context.task;
    // An avatar that expired or went with its account leaves its groups here (a deleted one already did).
    await context.store.transaction((tx) => removeFromGroups(tx, spaceId, id, Date.now()));
    await context.files.deletePrefix(spaceId, avatarFolder(id));
    const chats = await chatsOfBothGone(context, spaceId, id);
    await purge(context, spaceId, [
      { table: 'chat_items', key: 'seq', within: ['chat_id', chats] },
      { table: 'chat_sides', key: 'avatar_id', within: ['chat_id', chats] },
      { table: 'chats', key: 'id', within: ['id', chats] },
      { table: 'chat_sides', key: 'other_id', where: ['avatar_id', id] },
      { table: 'notes', key: 'id', where: ['subtree', id] },
      { table: 'group_note_hashtags', key: 'id', where: ['subtree', id] },
      { table: 'files', key: 'id', where: ['subtree', id] },
      { table: 'uploads', key: 'id', where: ['subtree', id] },
      { table: 'tombstones', key: 'id', where: ['subtree', id] },
      { table: 'subtree_versions', key: 'subtree', where: ['subtree', id] },
      { table: 'contacts', key: 'contact_id', where: ['avatar_id', id] },
      { table: 'contacts', key: 'avatar_id', where: ['contact_id', id] },
    ]);
  },
};

/**
 * A group left without an active member: checked again first (an invitee may have accepted
 * meanwhile), its row goes in the same transaction, so that nobody joins it any more; then its
 * members, invitations, keys, chat, and what its subtree holds.
 */
export const purgeGroup: TaskKind = {
  kind: purgeGroupKind,
  daily: false,
  forgetsTarget: true,
  summary: 'Purge a group left without active members',
  async run(context) {
    const id = target(context);
    const { spaceId } = context.task;
    const steps: Step[] = [
      { table: 'group_members', key: 'avatar_id', where: ['group_id', id] },
      { table: 'group_invitations', key: 'avatar_id', where: ['group_id', id] },
      { table: 'group_votes', key: 'avatar_id', where: ['group_id', id] },
      { table: 'group_mode_votes', key: 'moderator_id', where: ['group_id', id] },
      { table: 'group_key_copies', key: 'avatar_id', where: ['group_id', id] },
      { table: 'group_keys', key: 'version', where: ['group_id', id] },
      { table: 'group_chat_items', key: 'seq', where: ['group_id', id] },
      { table: 'notes', key: 'id', where: ['subtree', id] },
      { table: 'group_note_authors', key: 'note_id', where: ['subtree', id] },
      { table: 'files', key: 'id', where: ['subtree', id] },
      { table: 'uploads', key: 'id', where: ['subtree', id] },
      { table: 'tombstones', key: 'id', where: ['subtree', id] },
      { table: 'subtree_versions', key: 'subtree', where: ['subtree', id] },
    ];
    // Cursor null: the check, then the steps from 0. The files go once the group row did.
    await context.batches<number>(async (tx, cursor) => {
      if (cursor !== null) return purgeBatch(tx, spaceId, steps, cursor);
      if (await hasActiveMember(tx, spaceId, id)) return { items: 0, next: null };
      await tx.deleteFrom('groups').where('space_id', '=', spaceId).where('id', '=', id).execute();
      await context.files.deletePrefix(spaceId, groupFolder(id));
      return { items: 1, next: 0 };
    });
  },
};

/** What remains of a deleted account: its sponsorships, its usage counters and files. Its consumption stays with the space's (billing) until the space goes. */
export const purgeAccount: TaskKind = {
  kind: 'purge.account',
  daily: false,
  forgetsTarget: true,
  summary: "Purge a deleted account's sponsorships and files",
  async run(context) {
    const id = target(context);
    const { spaceId } = context.task;
    await context.files.deletePrefix(spaceId, `accounts/${id}`);
    await purge(context, spaceId, [
      { table: 'sponsorships', key: 'id', where: ['sponsor', id] },
      { table: 'account_usage', key: 'account_id', where: ['account_id', id] },
      { table: 'account_costs', key: 'month', where: ['account_id', id] },
      { table: 'account_balances', key: 'account_id', where: ['account_id', id] },
    ]);
  },
};

/** Everything of a closed space but its record (closing message, new address). */
export const purgeSpace: TaskKind = {
  kind: 'purge.space',
  daily: false,
  summary: "Purge a closed space's data and files, keeping its closing message",
  async run(context) {
    const { spaceId } = context.task;
    await context.files.deletePrefix(spaceId, '');
    await purge(context, spaceId, [
      { table: 'group_chat_items', key: 'group_id' },
      { table: 'group_key_copies', key: 'group_id' },
      { table: 'group_keys', key: 'group_id' },
      { table: 'group_votes', key: 'group_id' },
      { table: 'group_mode_votes', key: 'group_id' },
      { table: 'group_invitations', key: 'group_id' },
      { table: 'group_members', key: 'group_id' },
      { table: 'groups', key: 'id' },
      { table: 'group_note_authors', key: 'note_id' },
      { table: 'group_note_hashtags', key: 'id' },
      { table: 'notes', key: 'id' },
      { table: 'files', key: 'id' },
      { table: 'uploads', key: 'id' },
      { table: 'tombstones', key: 'id' },
      { table: 'subtree_versions', key: 'subtree' },
      { table: 'account_usage', key: 'account_id' },
      { table: 'account_consumption', key: 'account_id' },
      { table: 'space_consumption', key: 'month' },
      { table: 'account_costs', key: 'account_id' },
      { table: 'account_balances', key: 'account_id' },
      { table: 'tickets', key: 'code_hash' },
      { table: 'spent_credits', key: 'token_hash' },
      { table: 'credit_keys', key: 'space_id' },
      { table: 'chat_items', key: 'chat_id' },
      { table: 'chat_sides', key: 'avatar_id' },
      { table: 'chats', key: 'id' },
      { table: 'contacts', key: 'avatar_id' },
      { table: 'avatars', key: 'id' },
      { table: 'sessions', key: 'id' },
      { table: 'phrase_prefixes', key: 'prefix_id' },
      { table: 'sponsorships', key: 'id' },
      { table: 'notifications', key: 'target_id' },
      { table: 'accounts', key: 'id' },
      { table: 'partitions', key: 'id' },
      { table: 'space_stats', key: 'month' },
      { table: 'partition_stats', key: 'month' },
      { table: 'quota_warnings', key: 'measure' },
      { table: 'audit_entries', key: 'seq' },
      { table: 'audit_checkpoints', key: 'seq' },
      { table: 'tasks', key: 'id', keep: context.task.id },
    ]);
  },
};

/** The ciphertext of a deleted file or an abandoned upload (target: `<avatar>/<file>`). */
export const purgeFile: TaskKind = {
  kind: 'purge.file',
  daily: false,
  forgetsTarget: true,
  summary: "Remove a deleted file's ciphertext",
  async run(context) {
    const [avatarId, fileId] = target(context).split('/');
    if (!avatarId || !fileId) throw new Error(`purge.file: target ${target(context)} is not <avatar>/<file>`);
    await context.files.delete(context.task.spaceId, noteFileName(avatarId, fileId));
  },
};
