import type { Database } from '../store/schema.js';

/** How one table travels in an archive. */
export interface TablePlan {
  /** Its primary key: rows are read in this order, a page at a time from the last one read. */
  key: readonly string[];
  /** Columns holding scoped ids (`<space number><kind><digits>`), re-keyed to the new number on import. */
  ids: readonly string[];
}

/**
 * What an archive holds of each table (every table of the schema must be listed: a new table is a
 * compile error until it is), in the order they are imported (`spaces` first: the others refer to it).
 * Left out (null): the migration ledger (the site's); sessions (tokens of the old site: members sign
 * in again); tasks and their runs (the old site's queue: the daily tasks go over every space anyway);
 * quota warnings (the new site's quota watch reports again what stands).
 * The audit entries keep their history as it was (their targets name the old ids); their chain is
 * hashed again with the new space number.
 */
export const tablePlans: { [Table in keyof Database]: TablePlan | null } = {
  spaces: { key: ['id'], ids: [] },
  site_settings: { key: ['space_id', 'key'], ids: [] },
  audit_checkpoints: { key: ['space_id'], ids: [] },
  audit_entries: { key: ['space_id', 'seq'], ids: [] },
  phrase_prefixes: { key: ['space_id', 'prefix_id'], ids: ['owner'] },
  partitions: { key: ['space_id', 'id'], ids: ['id'] },
  switch_agreements: { key: ['space_id', 'account_id'], ids: ['account_id'] },
  sponsorships: { key: ['space_id', 'id'], ids: ['id', 'sponsor', 'sponsor_avatar', 'partition_id', 'account_id'] },
  accounts: { key: ['space_id', 'id'], ids: ['id', 'partition_id'] },
  avatars: { key: ['space_id', 'id'], ids: ['id', 'account_id'] },
  contacts: { key: ['space_id', 'avatar_id', 'contact_id'], ids: ['avatar_id', 'contact_id'] },
  subtree_versions: { key: ['space_id', 'subtree'], ids: ['subtree'] },
  notes: { key: ['space_id', 'id'], ids: ['id', 'subtree', 'parent_id'] },
  tombstones: { key: ['space_id', 'subtree', 'id'], ids: ['subtree', 'id'] },
  account_usage: { key: ['space_id', 'account_id'], ids: ['account_id'] },
  uploads: { key: ['space_id', 'id'], ids: ['id', 'subtree', 'note_id'] },
  files: { key: ['space_id', 'id'], ids: ['id', 'subtree', 'note_id'] },
  account_consumption: { key: ['space_id', 'account_id', 'month'], ids: ['account_id'] },
  space_consumption: { key: ['space_id', 'month'], ids: [] },
  space_stats: { key: ['space_id', 'month'], ids: [] },
  partition_stats: { key: ['space_id', 'month', 'partition_id'], ids: ['partition_id'] },
  quota_warnings: null,
  chats: { key: ['space_id', 'id'], ids: ['id'] },
  chat_sides: { key: ['space_id', 'avatar_id', 'other_id'], ids: ['avatar_id', 'other_id', 'chat_id'] },
  chat_items: { key: ['space_id', 'chat_id', 'seq'], ids: ['chat_id', 'author'] },
  groups: { key: ['space_id', 'id'], ids: ['id', 'host_avatar_id'] },
  group_members: { key: ['space_id', 'group_id', 'avatar_id'], ids: ['group_id', 'avatar_id', 'listed_by', 'invited_by'] },
  group_invitations: { key: ['space_id', 'group_id', 'avatar_id'], ids: ['group_id', 'avatar_id', 'invited_by'] },
  group_votes: { key: ['space_id', 'group_id', 'avatar_id', 'moderator_id'], ids: ['group_id', 'avatar_id', 'moderator_id'] },
  group_mode_votes: { key: ['space_id', 'group_id', 'moderator_id'], ids: ['group_id', 'moderator_id'] },
  group_keys: { key: ['space_id', 'group_id', 'version'], ids: ['group_id'] },
  group_key_copies: { key: ['space_id', 'group_id', 'avatar_id'], ids: ['group_id', 'avatar_id'] },
  group_chat_items: { key: ['space_id', 'group_id', 'seq'], ids: ['group_id', 'author_id'] },
  group_note_authors: { key: ['space_id', 'note_id', 'seq'], ids: ['note_id', 'subtree', 'avatar_id'] },
  group_note_hashtags: { key: ['space_id', 'id'], ids: ['id', 'subtree', 'note_id'] },
  custom_roles: { key: ['space_id', 'name'], ids: [] },
  permission_overrides: { key: ['space_id', 'role', 'permission'], ids: [] },
  notifications: { key: ['space_id', 'scope', 'target_id'], ids: ['target_id'] },
  account_costs: { key: ['space_id', 'account_id', 'month'], ids: ['account_id'] },
  account_balances: { key: ['space_id', 'account_id'], ids: ['account_id'] },
  tickets: { key: ['space_id', 'code_hash'], ids: [] },
  spent_credits: { key: ['space_id', 'token_hash'], ids: [] },
  credit_keys: { key: ['space_id'], ids: [] },
  ilot_migrations: null,
  sessions: null,
  tasks: null,
  task_runs: null,
  // The fleet is the site's, not a space's: an organization's hosts stay with the site that runs them.
  fleet_hosts: null,
  fleet_apps: null,
  fleet_app_versions: null,
  fleet_permissions: null,
  fleet_commands: null,
  fleet_rollouts: null,
};

export type ExportedTable = keyof Database;

/** The exported tables, in import order. */
export const exportedTables = (Object.keys(tablePlans) as ExportedTable[]).filter((t) => tablePlans[t] !== null);

/** The column of each table that holds its space. */
export const spaceColumnOf = (table: ExportedTable) => (table === 'spaces' ? 'id' : 'space_id');

const scopedId = /^[1-8][0-9](?:[1-8]|[09][0-9])[0-9]{13}$/;

/** Re-keys a scoped id of space `from` to space `to`: its two first digits are the space number. */
export function rekeyId(value: string, from: number, to: number): string {
  return scopedId.test(value) && value.startsWith(String(from)) ? `${to}${value.slice(2)}` : value;
}

/** Re-keys a file name of the store (`avatars/<avatar id>/<file id>`): each part that is an id of the space. */
export function rekeyName(name: string, from: number, to: number): string {
  return name
    .split('/')
    .map((part) => rekeyId(part, from, to))
    .join('/');
}

/** A row of `table` moved from space `from` to space `to`. */
export function rekeyRow(table: ExportedTable, row: Record<string, unknown>, from: number, to: number): Record<string, unknown> {
  const plan = tablePlans[table]!;
  const moved: Record<string, unknown> = { ...row, [spaceColumnOf(table)]: to };
  for (const column of plan.ids) {
    const value = row[column];
    if (typeof value === 'string') moved[column] = rekeyId(value, from, to);
  }
  return moved;
}
