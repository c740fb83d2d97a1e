import type { Static } from '@sinclair/typebox';
import type { Quotas, SpaceView } from '../shared/operations/spaces.js';
import type { Tx } from '../store/database.js';
import { accountCounts, stateOf, type SpaceRow } from './spaces.js';

type SpaceQuotas = Static<typeof Quotas>;

/** The columns that hold a space's quotas. */
export function quotaColumns(quotas: SpaceQuotas) {
  return {
    quota_documents: quotas.documents,
    quota_volume_bytes: quotas.volumeBytes,
    quota_monthly_cents: quotas.monthlyCents,
    max_accounts: quotas.maxAccounts,
  };
}

export function quotasOf(space: SpaceRow): SpaceQuotas {
  return {
    documents: space.quota_documents ?? 0,
    volumeBytes: space.quota_volume_bytes ?? 0,
    monthlyCents: space.quota_monthly_cents ?? 0,
    maxAccounts: space.max_accounts ?? 1,
  };
}

type View = Static<typeof SpaceView>;

type SpaceUsage = View['usage'];

function viewOf(space: SpaceRow, usage: SpaceUsage): View {
  return {
    orgCode: space.org_code,
    number: space.id,
    state: stateOf(space),
    readOnly: Boolean(space.read_only),
    frozen: Boolean(space.frozen),
    createdAt: space.created_at,
    quotas: quotasOf(space),
    usage,
    notification: space.notification,
    signinBanAt: space.signin_ban_at,
    closedAt: space.closed_at,
    closingMessage: space.closing_message,
    newAddress: space.new_address,
  };
}

/**
 * What whole spaces hold, one query per figure for all of them: the space totals are plain counts
 * of rows, unlike an account's figures, which stay masked (domain/masks.ts).
 */
async function spaceTotals(tx: Tx, ids: number[]) {
  if (ids.length === 0) return { documents: new Map<number, number>(), bytes: new Map<number, number>() };
  const bySpace = (rows: { space_id: number; n: number | string | bigint | null }[]) => {
    const totals = new Map<number, number>();
    for (const r of rows) totals.set(r.space_id, (totals.get(r.space_id) ?? 0) + Number(r.n ?? 0));
    return totals;
  };
  // One after the other: the queries share the transaction's one connection.
  const notes = await tx
    .selectFrom('notes')
    .select(['space_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('space_id', 'in', ids)
    .groupBy('space_id')
    .execute();
  const files = await tx
    .selectFrom('files')
    .select(['space_id', (eb) => eb.fn.sum<number>('size').as('n')])
    .where('space_id', 'in', ids)
    .groupBy('space_id')
    .execute();
  const uploads = await tx
    .selectFrom('uploads')
    .select(['space_id', (eb) => eb.fn.sum<number>('size').as('n')])
    .where('space_id', 'in', ids)
    .groupBy('space_id')
    .execute();
  return { documents: bySpace(notes), bytes: bySpace([...files, ...uploads]) };
}

/** The views of spaces, their usage counted in one query per figure for all. */
export async function spaceViews(tx: Tx, spaces: SpaceRow[]): Promise<View[]> {
  const ids = spaces.map((s) => s.id);
  const accounts = await accountCounts(tx, ids);
  const totals = await spaceTotals(tx, ids);
  return spaces.map((space) =>
    viewOf(space, {
      accounts: accounts.get(space.id) ?? 0,
      documents: totals.documents.get(space.id) ?? 0,
      volumeBytes: totals.bytes.get(space.id) ?? 0,
    }),
  );
}

export async function spaceView(tx: Tx, space: SpaceRow): Promise<View> {
  const [view] = await spaceViews(tx, [space]);
  return view!;
}
