import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../shared/protocol.js';
import type { Tx } from '../store/database.js';
import { accountCounts, stateOf, type SpaceRow } from './spaces.js';

export const Quotas = Type.Object(
  {
    documents: Type.Integer({ minimum: 0, maximum: 1e9, description: 'documents (notes, chats, group participations)' }),
    volumeBytes: Type.Integer({ minimum: 0, maximum: 1e15, description: 'file volume' }),
    monthlyCents: Type.Integer({ minimum: 0, maximum: 1e9, description: 'monthly consumption, in cents' }),
    maxAccounts: Type.Integer({ minimum: 1, maximum: 1e6 }),
  },
  { additionalProperties: false },
);

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

export const SpaceView = Type.Object({
  orgCode: Type.String(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('open'), Type.Literal('read-only'), Type.Literal('frozen'), Type.Literal('closed')]),
  readOnly: Type.Boolean(),
  frozen: Type.Boolean(),
  createdAt: Type.Integer(),
  quotas: Quotas,
  usage: Type.Object({ accounts: Type.Integer() }),
  notification: Nullable(Type.String()),
  signinBanAt: Nullable(Type.Integer()),
  closedAt: Nullable(Type.Integer()),
  closingMessage: Nullable(Type.String()),
  newAddress: Nullable(Type.String()),
});

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
  const counts = await accountCounts(tx, spaces.map((s) => s.id));
  return spaces.map((space) => viewOf(space, counts.get(space.id) ?? 0));
}

export async function spaceView(tx: Tx, space: SpaceRow): Promise<View> {
  const [view] = await spaceViews(tx, [space]);
  return view!;
}
