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

function viewOf(space: SpaceRow, accounts: number): View {
  return {
    orgCode: space.org_code,
    number: space.id,
    state: stateOf(space),
    readOnly: Boolean(space.read_only),
    frozen: Boolean(space.frozen),
    createdAt: space.created_at,
    quotas: quotasOf(space),
    usage: { accounts },
    notification: space.notification,
    signinBanAt: space.signin_ban_at,
    closedAt: space.closed_at,
    closingMessage: space.closing_message,
    newAddress: space.new_address,
  };
}

/** The views of spaces, their usage counted in one query for all. */
export async function spaceViews(tx: Tx, spaces: SpaceRow[]): Promise<View[]> {
  const counts = await accountCounts(
    tx,
    spaces.map((s) => s.id),
  );
  return spaces.map((space) => viewOf(space, counts.get(space.id) ?? 0));
}

export async function spaceView(tx: Tx, space: SpaceRow): Promise<View> {
  const [view] = await spaceViews(tx, [space]);
  return view!;
}
