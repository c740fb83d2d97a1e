import * as contracts from '../../../shared/operations/accounts.js';
import { ownAccount, rolesOf } from '../../../domain/accounts.js';
import { notificationsOf } from '../../../domain/notifications.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * The member's own account: kind, partition, quotas, lifetime, roles; what it is told of its space
 * (never another's), its notifications and the restrictions in force. Allowed under every
 * restriction but closing: an account always sees its costs and quotas.
 */
export const showAccount = defineOperation({
  ...contracts.showAccount,
  access: { plane: 'member' },
  effect: 'read',
  restrictionClass: 'own',
  async run(_input, { tx, member, space, restrictions }) {
    const a = await ownAccount(tx, member);
    return {
      id: a.id,
      roles: rolesOf(a.roles),
      kind: a.kind,
      partitionId: a.partition_id,
      quotas: a.quota_documents === null ? null : { documents: a.quota_documents, volumeBytes: a.quota_volume_bytes ?? 0 },
      giftCents: a.gift_cents ?? 0,
      createdAt: a.created_at,
      expiresAt: a.expires_at,
      space: {
        notification: space!.notification,
        readOnly: Boolean(space!.read_only),
        frozen: Boolean(space!.frozen),
        signinBanAt: space!.signin_ban_at,
        acceptsAAccounts: Boolean(space!.accepts_a_accounts),
      },
      notifications: await notificationsOf(tx, space!, member),
      restrictions: [...restrictions],
    };
  },
});
