import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

// The perimeter of a session: the subtrees it may sync and hear about. Today a member's account
// and the avatars the session acts as (its primary one and those it presented); groups will join
// as subtrees of their own kind.

/**
 * A subtree of the perimeter. A documents' subtree (an avatar's) holds notes, files and
 * tombstones, with its current version and the version up to which its tombstones were purged (0
 * when never written or purged). The account's own subtree holds no documents: a notice on it says
 * that the account's avatars changed (one came or went; its version is the keyring's revision).
 */
export type Subtree = { kind: 'account'; id: string } | { kind: 'avatar'; id: string; version: number; tombstonesPurgedTo: number };

/** A subtree whose documents sync sends. */
export type DocumentSubtree = Extract<Subtree, { version: number }>;

export const holdsDocuments = (subtree: Subtree): subtree is DocumentSubtree => subtree.kind !== 'account';

/** The perimeter of a member's session: its account, then its avatars in the session's order, in one query. */
export async function perimeterOf(
  db: Kysely<Database>,
  member: { spaceId: number; accountId: string; avatars: readonly string[] },
): Promise<Subtree[]> {
  const versions = await db
    .selectFrom('subtree_versions')
    .select(['subtree', 'version', 'tombstones_purged_to'])
    .where('space_id', '=', member.spaceId)
    .where('subtree', 'in', member.avatars)
    .execute();
  const bySubtree = new Map(versions.map((v) => [v.subtree, v]));
  return [
    { kind: 'account', id: member.accountId },
    ...member.avatars.map((id) => ({
      kind: 'avatar' as const,
      id,
      version: Number(bySubtree.get(id)?.version ?? 0),
      tombstonesPurgedTo: Number(bySubtree.get(id)?.tombstones_purged_to ?? 0),
    })),
  ];
}
