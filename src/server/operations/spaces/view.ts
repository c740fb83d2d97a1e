import { Type, type Static } from '@sinclair/typebox';
import type { Tx } from '../../../store/database.js';
import { accountCount, stateOf, type SpaceRow } from '../../../store/spaces.js';

export const Quotas = Type.Object(
  {
    documents: Type.Integer({ minimum: 0, maximum: 1e9, description: 'documents (notes, chats, group participations)' }),
    volumeBytes: Type.Integer({ minimum: 0, maximum: 1e15, description: 'file volume' }),
    monthlyCents: Type.Integer({ minimum: 0, maximum: 1e9, description: 'monthly consumption, in cents' }),
    maxAccounts: Type.Integer({ minimum: 1, maximum: 1e6 }),
  },
  { additionalProperties: false },
);

export const SpaceView = Type.Object({
  orgCode: Type.String(),
  number: Type.Integer(),
  state: Type.Union([Type.Literal('open'), Type.Literal('read-only'), Type.Literal('frozen'), Type.Literal('closed')]),
  readOnly: Type.Boolean(),
  frozen: Type.Boolean(),
  createdAt: Type.Integer(),
  quotas: Quotas,
  usage: Type.Object({ accounts: Type.Integer() }),
  notification: Type.Union([Type.String(), Type.Null()]),
  signinBanAt: Type.Union([Type.Integer(), Type.Null()]),
  closedAt: Type.Union([Type.Integer(), Type.Null()]),
  closingMessage: Type.Union([Type.String(), Type.Null()]),
  newAddress: Type.Union([Type.String(), Type.Null()]),
});

export async function spaceView(tx: Tx, space: SpaceRow): Promise<Static<typeof SpaceView>> {
  return {
    orgCode: space.org_code,
    number: space.id,
    state: stateOf(space),
    readOnly: Boolean(space.read_only),
    frozen: Boolean(space.frozen),
    createdAt: space.created_at,
    quotas: {
      documents: space.quota_documents ?? 0,
      volumeBytes: space.quota_volume_bytes ?? 0,
      monthlyCents: space.quota_monthly_cents ?? 0,
      maxAccounts: space.max_accounts ?? 1,
    },
    usage: { accounts: await accountCount(tx, space.id) },
    notification: space.notification,
    signinBanAt: space.signin_ban_at,
    closedAt: space.closed_at,
    closingMessage: space.closing_message,
    newAddress: space.new_address,
  };
}
