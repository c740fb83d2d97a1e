import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { activeGroupsOf } from './groups.js';

// The perimeter of a session: the subtrees it may sync and hear about: a member's account, the
// avatars the session acts as (its primary one and those it presented), and the groups of which
// one of them is an active member with access to the notes (not waived).

/**
 * A subtree of the perimeter. A documents' subtree (an avatar's) holds notes, files and
 * tombstones, with its current version and the version up to which its tombstones were purged (0
 * when never written or purged). The account's own subtree holds no documents: a notice on it says
 * that the account's avatars changed (one came or went; its version is the keyring's revision).
 */
export type Subtree =
  { kind: 'account'; id: string } | { kind: 'avatar' | 'group'; id: string; version: number; tombstonesPurgedTo: number };

/** A subtree whose documents sync sends. */
export type DocumentSubtree = Extract<Subtree, { version: number }>;

export const holdsDocuments = (subtree: Subtree): subtree is DocumentSubtree => subtree.kind !== 'account';

/** The perimeter of a member's session: its account, then its avatars in the session's order, then its groups, in two queries. */
export async function perimeterOf(
  db: Kysely<Database>,
  member: { spaceId: number; accountId: string; avatars: readonly string[] },
): Promise<Subtree[]> {
  // The groups whose notes one of its avatars reads (an access waived counts as none), once each.
  const groups = [
    ...new Set((await activeGroupsOf(db, member.spaceId, member.avatars)).filter((m) => m.notes !== 'none').map((m) => m.groupId)),
  ];
  const subtrees = [
    ...member.avatars.map((id) => ({ kind: 'avatar' as const, id })),
    ...groups.map((id) => ({ kind: 'group' as const, id })),
  ];
  const versions = subtrees.length
    ? await db
        .selectFrom('subtree_versions')
        .select(['subtree', 'version', 'tombstones_purged_to'])
        .where('space_id', '=', member.spaceId)
        .where(
          'subtree',
          'in',
          subtrees.map((s) => s.id),
        )
        .execute()
    : [];
  const bySubtree = new Map(versions.map((v) => [v.subtree, v]));
  return [
    { kind: 'account', id: member.accountId },
    ...subtrees.map(({ kind, id }) => ({
      kind,
      id,
      version: Number(bySubtree.get(id)?.version ?? 0),
      tombstonesPurgedTo: Number(bySubtree.get(id)?.tombstones_purged_to ?? 0),
    })),
  ];
}
