import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

// The perimeter of a session: the subtrees it may sync and hear about. Today a member's account
// and its avatars; groups the account belongs to will join as subtrees of their own kind.

/**
 * A subtree of the perimeter. A documents' subtree (an avatar's) holds notes, files and
 * tombstones, with its current version and the version up to which its tombstones were purged (0
 * when never written or purged). The account's own subtree holds no documents: a notice on it says
 * that the perimeter itself changed (an avatar came or went).
 */
export type Subtree = { kind: 'account'; id: string } | { kind: 'avatar'; id: string; version: number; tombstonesPurgedTo: number };

/** A subtree whose documents sync sends. */
export type DocumentSubtree = Extract<Subtree, { version: number }>;

export const holdsDocuments = (subtree: Subtree): subtree is DocumentSubtree => subtree.kind !== 'account';

/** The perimeter of a member's sessions: its account, then its avatars by id, in one query. */
export async function perimeterOf(db: Kysely<Database>, member: { spaceId: number; accountId: string }): Promise<Subtree[]> {
  const avatars = await db
    .selectFrom('avatars')
    .leftJoin('subtree_versions', (join) =>
      join.onRef('subtree_versions.space_id', '=', 'avatars.space_id').onRef('subtree_versions.subtree', '=', 'avatars.id'),
    )
    .select(['avatars.id', 'subtree_versions.version', 'subtree_versions.tombstones_purged_to'])
    .where('avatars.space_id', '=', member.spaceId)
    .where('avatars.account_id', '=', member.accountId)
    .orderBy('avatars.id')
    .execute();
  return [
    { kind: 'account', id: member.accountId },
    ...avatars.map((a) => ({
      kind: 'avatar' as const,
      id: a.id,
      version: Number(a.version ?? 0),
      tombstonesPurgedTo: Number(a.tombstones_purged_to ?? 0),
    })),
  ];
}
