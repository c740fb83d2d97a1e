import type { Static } from '@sinclair/typebox';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { IlotError } from '../shared/errors.js';
import { maxSpaceNumber } from '../shared/integers.js';
import type { lifetimeChoices } from '../shared/limits.js';
import type { SpaceOptions } from '../shared/operations/spaces.js';
import type { Tx } from '../store/database.js';
import type { Database } from '../store/schema.js';
import type { SpacesTable } from '../store/schema.js';
import { useOf, type QuotaUse, type UsageOwner } from './usage.js';

export type SpaceRow = Selectable<SpacesTable>;

export const firstSpaceNumber = 10;

/** A space by org code (never the site row); SPACE_NOT_FOUND otherwise. */
export async function spaceByOrgCode(tx: Kysely<Database>, orgCode: string): Promise<SpaceRow> {
  const row = await tx
    .selectFrom('spaces')
    .selectAll()
    .where('org_code', '=', orgCode)
    .where('id', '>=', firstSpaceNumber)
    .executeTakeFirst();
  if (!row) throw new IlotError('SPACE_NOT_FOUND', `There is no space with the org code "${orgCode}".`);
  return row;
}

/** What an operator may change of a space (not its identity). */
export type SpaceChanges = Omit<Updateable<SpacesTable>, 'id' | 'org_code' | 'created_at'>;

/** Changes a space an operator governs; a closed space no longer changes (SPACE_CLOSED). Returns the space as it now is. */
export async function changeSpace(tx: Tx, orgCode: string, changes: SpaceChanges): Promise<SpaceRow> {
  const space = await spaceByOrgCode(tx, orgCode);
  if (space.closed_at !== null) throw new IlotError('SPACE_CLOSED', 'This space is closed: it can no longer be changed.');
  await tx.updateTable('spaces').set(changes).where('id', '=', space.id).execute();
  return spaceByOrgCode(tx, orgCode);
}

/** What the restriction stage and operations need of the space acted in. */
const stateColumns = [
  'id',
  'read_only',
  'frozen',
  'closed_at',
  'closing_message',
  'new_address',
  'signin_ban_at',
  'notification',
  'notification_at',
  'accepts_a_accounts',
  'lifetime_months',
  'max_accounts',
  'permissions_version',
] as const;
export type SpaceState = Pick<SpaceRow, (typeof stateColumns)[number]>;

/** A member's space with the member's quotas and usage, in one read: the restriction stage of every growth operation needs both. */
export async function loadSpaceWithUse(tx: Tx, owner: UsageOwner): Promise<{ space: SpaceState; use: QuotaUse } | null> {
  const row = await tx
    .selectFrom('spaces')
    .leftJoin('accounts', (join) => join.onRef('accounts.space_id', '=', 'spaces.id').on('accounts.id', '=', owner.accountId))
    .leftJoin('account_usage', (join) =>
      join.onRef('account_usage.space_id', '=', 'spaces.id').on('account_usage.account_id', '=', owner.accountId),
    )
    .select(stateColumns.map((c) => `spaces.${c}` as const))
    .select(['accounts.quota_documents', 'accounts.quota_volume_bytes', 'account_usage.documents', 'account_usage.volume_bytes'])
    .select('account_usage.mask_day')
    .where('spaces.id', '=', owner.spaceId)
    .executeTakeFirst();
  if (!row) return null;
  const { quota_documents, quota_volume_bytes, documents, volume_bytes, mask_day, ...space } = row;
  return { space, use: useOf({ quota_documents, quota_volume_bytes, documents, volume_bytes, mask_day }, owner.usageKey) };
}

/** The space acted in, by id (a member's) or by the org code an input names; null when there is none. */
export async function loadSpaceState(tx: Tx, where: { id: number } | { orgCode: string }): Promise<SpaceState | null> {
  const query = tx.selectFrom('spaces').select(stateColumns);
  const row = await ('id' in where ? query.where('id', '=', where.id) : query.where('org_code', '=', where.orgCode)).executeTakeFirst();
  return row ?? null;
}

export async function listSpaces(tx: Tx): Promise<SpaceRow[]> {
  return tx.selectFrom('spaces').selectAll().where('id', '>=', firstSpaceNumber).orderBy('id').execute();
}

/** The lowest number the spaces leave free, or null when all are taken. Closed spaces keep theirs until purged. */
export function freeSpaceNumber(spaces: SpaceRow[]): number | null {
  const taken = new Set(spaces.map((s) => s.id));
  for (let n = firstSpaceNumber; n <= maxSpaceNumber; n++) if (!taken.has(n)) return n;
  return null;
}

export function stateOf(space: SpaceRow): 'open' | 'read-only' | 'frozen' | 'closed' {
  if (space.closed_at !== null) return 'closed';
  if (space.frozen) return 'frozen';
  if (space.read_only) return 'read-only';
  return 'open';
}

/** Accounts per space, for the given spaces. */
export async function accountCounts(tx: Tx, spaceIds: number[]): Promise<Map<number, number>> {
  if (spaceIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('accounts')
    .select(['space_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('space_id', 'in', spaceIds)
    .groupBy('space_id')
    .execute();
  return new Map(rows.map((r) => [r.space_id, Number(r.n)]));
}

/** The options the treasurer sets for a space (A accounts accepted, consent to switch O→A, lifetime). */
export async function spaceOptions(tx: Tx, spaceId: number): Promise<Static<typeof SpaceOptions>> {
  const space = await tx
    .selectFrom('spaces')
    .select(['accepts_a_accounts', 'switch_to_a_needs_consent', 'lifetime_months'])
    .where('id', '=', spaceId)
    .executeTakeFirstOrThrow();
  return {
    acceptsAAccounts: space.accepts_a_accounts === 1,
    switchToANeedsConsent: space.switch_to_a_needs_consent === 1,
    lifetimeMonths: space.lifetime_months as (typeof lifetimeChoices)[number],
  };
}
