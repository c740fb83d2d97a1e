import type { ErrorCode } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { SpaceState } from './spaces.js';
import type { QuotaUse } from './usage.js';

// Restrictions (PRODUCT.md H) in one place: which classes of operation each state lets through,
// where the states of an account come from, and what they do to its lifetime. The pipeline's
// restriction stage (server/pipeline/restrictions.ts) is the only reader of the table.

/** From the mildest to the strongest; frozen and minimal access are not comparable, so every state in force is checked. */
export const restrictionStates = ['no-growth', 'read-only', 'minimal', 'frozen', 'closed'] as const;
export type RestrictionState = (typeof restrictionStates)[number];

/**
 * What an operation does, as restrictions see it: read (data), catch-up (the sync of data, urgent
 * chats included), own (the account's own costs, quotas and notifications), session (sign in or
 * out), write, growth (may add volume), credit (an A account's payments and its own quotas), urgent
 * (urgent chats, to reach the treasurer whatever happens).
 */
export const operationClasses = ['read', 'catch-up', 'own', 'session', 'write', 'growth', 'credit', 'urgent'] as const;
export type OperationClass = (typeof operationClasses)[number];

/** Where a state comes from: the space (operator), the account's partition or the account itself. */
export type RestrictionLevel = 'space' | 'partition' | 'account';

export interface Restriction {
  state: RestrictionState;
  level: RestrictionLevel;
}

/** Whether a class runs under a state: yes, no, or narrowed to the urgent chats alone. */
export type Allowance = boolean | 'urgent-only';

const y = true;
const n = false;
const u = 'urgent-only';

/**
 * THE table: may an operation of this class run under this state? Credit stays open under
 * read-only, as under the stronger minimal access: paying never harms. Urgent chats stay open under
 * frozen (as they always have here): the one way left to reach the treasurer. Under minimal access
 * catching up still brings the urgent chats, and them alone, so that the treasurer's answers arrive.
 */
export const restrictionTable: Record<OperationClass, Record<RestrictionState, Allowance>> = {
  //          no-growth  read-only  minimal  frozen  closed
  read: { 'no-growth': y, 'read-only': y, minimal: n, frozen: y, closed: n },
  'catch-up': { 'no-growth': y, 'read-only': y, minimal: u, frozen: y, closed: n },
  own: { 'no-growth': y, 'read-only': y, minimal: y, frozen: y, closed: n },
  session: { 'no-growth': y, 'read-only': y, minimal: y, frozen: y, closed: n },
  write: { 'no-growth': y, 'read-only': n, minimal: n, frozen: n, closed: n },
  growth: { 'no-growth': n, 'read-only': n, minimal: n, frozen: n, closed: n },
  credit: { 'no-growth': y, 'read-only': y, minimal: y, frozen: n, closed: n },
  urgent: { 'no-growth': y, 'read-only': y, minimal: y, frozen: y, closed: n },
};

/** The refusal code of a state, by level. */
export function refusalCode({ state, level }: Restriction): ErrorCode {
  switch (state) {
    case 'no-growth':
      return 'QUOTA_EXCEEDED';
    case 'read-only':
      return level === 'space' ? 'SPACE_READ_ONLY' : level === 'partition' ? 'PARTITION_READ_ONLY' : 'ACCOUNT_READ_ONLY';
    case 'minimal':
      return 'MINIMAL_ACCESS';
    case 'frozen':
      return 'SPACE_FROZEN';
    case 'closed':
      return 'SPACE_CLOSED';
  }
}

/** The first restriction in force that refuses the class, strongest first; null when the operation may run. */
export function refusingRestriction(operationClass: OperationClass, restrictions: readonly Restriction[]): Restriction | null {
  const refusing = restrictions.filter((r) => restrictionTable[operationClass][r.state] === false);
  refusing.sort((a, b) => restrictionStates.indexOf(b.state) - restrictionStates.indexOf(a.state));
  return refusing[0] ?? null;
}

/** Whether a restriction in force narrows an operation of this class to the urgent chats. */
export function narrowedToUrgent(operationClass: OperationClass, restrictions: readonly Restriction[]): boolean {
  return restrictions.some((r) => restrictionTable[operationClass][r.state] === 'urgent-only');
}

/** Under minimal access and frozen, signing in no longer keeps an account (or its avatars) alive. */
export function extendsLifetime(restrictions: readonly Restriction[]): boolean {
  return !restrictions.some((r) => r.state === 'minimal' || r.state === 'frozen');
}

/** The states of the space itself, and no-growth when the account's quotas (if read) are reached. */
export function spaceRestrictions(space: SpaceState | null, use: QuotaUse | null = null): Restriction[] {
  if (space === null) return [];
  const found: Restriction[] = [];
  if (space.closed_at !== null) found.push({ state: 'closed', level: 'space' });
  if (space.frozen) found.push({ state: 'frozen', level: 'space' });
  if (space.read_only) found.push({ state: 'read-only', level: 'space' });
  if (use && [use.documents, use.volumeBytes].some((q) => q.quota !== null && q.used >= q.quota))
    found.push({ state: 'no-growth', level: 'account' });
  return found;
}

/** Whom account restrictions are looked up for. */
export interface RestrictedAccount {
  spaceId: number;
  accountId: string;
  partitionId: string | null;
  roles: readonly string[];
}

/**
 * A source of automatic minimal access (consumption over its limit for an O account, a negative
 * balance for an A account): the accounts, among those given, to be held there. Runs in the
 * operation's transaction on every member operation: it must be one indexed read, whatever the
 * number of accounts.
 */
export type AutomaticSource = (tx: Tx, spaceId: number, accountIds: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * The restrictions of accounts of a space that come from notifications of their partitions and
 * their own, and from the automatic sources, by account id: one read of the notifications and one
 * per source, whatever the number of accounts. Notifications do not restrict the treasurer, so
 * that someone can always lift them.
 */
export async function accountsRestrictions(
  tx: Tx,
  spaceId: number,
  accounts: readonly Omit<RestrictedAccount, 'spaceId'>[],
  sources: readonly AutomaticSource[],
): Promise<Map<string, Restriction[]>> {
  const found = new Map(accounts.map((a) => [a.accountId, [] as Restriction[]]));
  const notified = accounts.filter((a) => !a.roles.includes('treasurer'));
  if (notified.length > 0) {
    const partitionIds = [...new Set(notified.flatMap((a) => (a.partitionId === null ? [] : [a.partitionId])))];
    const rows = await tx
      .selectFrom('notifications')
      .select(['scope', 'target_id', 'restriction'])
      .where('space_id', '=', spaceId)
      .where('restriction', 'is not', null)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('scope', '=', 'account'),
            eb(
              'target_id',
              'in',
              notified.map((a) => a.accountId),
            ),
          ]),
          ...(partitionIds.length === 0 ? [] : [eb.and([eb('scope', '=', 'partition'), eb('target_id', 'in', partitionIds)])]),
        ]),
      )
      .execute();
    const byTarget = new Map(rows.map((row) => [`${row.scope}\n${row.target_id}`, row.restriction!]));
    for (const account of notified) {
      // Its own first, then its partition's.
      const own = byTarget.get(`account\n${account.accountId}`);
      const partition = byTarget.get(`partition\n${account.partitionId}`);
      if (own) found.get(account.accountId)!.push({ state: own, level: 'account' });
      if (partition) found.get(account.accountId)!.push({ state: partition, level: 'partition' });
    }
  }
  const ids = accounts.map((a) => a.accountId);
  for (const source of sources)
    for (const id of await source(tx, spaceId, ids)) found.get(id)?.push({ state: 'minimal', level: 'account' });
  return found;
}

/** The restrictions of one account, as `accountsRestrictions` finds them. */
export async function accountRestrictions(tx: Tx, account: RestrictedAccount, sources: readonly AutomaticSource[]): Promise<Restriction[]> {
  return (await accountsRestrictions(tx, account.spaceId, [account], sources)).get(account.accountId)!;
}
