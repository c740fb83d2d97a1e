import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/sponsorships.js';
import { findAvatar } from '../../../domain/avatars.js';
import { partitionRow } from '../../../domain/partitions.js';
import { claimPrefix } from '../../../domain/phrases.js';
import { authorize } from '../../../domain/policies.js';
import { hashKey } from '../../../domain/secrets.js';
import { sponsorshipValidityMs } from '../../../domain/sponsorships.js';
import { queueInvitation } from '../../../mail/invitation.js';
import { defineOperation } from '../../pipeline/operation.js';

const invalid = (message: string) => new IlotError('VALIDATION_FAILED', message);

/**
 * A member sponsors a future account: the client sends the phrase's keys (never the phrase), the
 * conditions, and what only the two sides can read (welcome word and sponsor's card key, sealed
 * under a sponsorship key that is wrapped for the phrase and for the sponsor). Who may sponsor what
 * is decided by the space's permission matrix from the kind, partition and delegate flag asked for;
 * an A account, paying for itself, may always sponsor A accounts. With an
 * address, the site mails the org code and its join page there after the commit (mail/invitation.ts).
 */
export const createSponsorship = defineOperation({
  ...contracts.createSponsorship,
  access: {
    plane: 'member',
    requires: (input, member) => [
      ...(input.kind === 'A' && member.accountKind === 'A'
        ? []
        : [{ permission: `sponsor.${input.kind}` as const, partitionId: input.partitionId }]),
      ...(input.delegate ? [{ permission: 'sponsor.delegate' as const, partitionId: input.partitionId }] : []),
    ],
  },
  effect: 'write',
  audit: true,
  async run(input, { tx, member, space, spaceId, now, describe, config, wakeTasks }) {
    if (input.kind === 'O' && input.partitionId === null) throw invalid('An O account belongs to a partition: name it.');
    if (input.kind === 'A' && (input.partitionId !== null || input.delegate))
      throw invalid('An A account has no partition and cannot be a delegate.');
    if (input.kind === 'O' && input.giftCents > 0) throw invalid('Gifts go to A accounts only.');
    if (input.kind === 'A' && !space!.accepts_a_accounts) throw new IlotError('A_ACCOUNTS_NOT_ACCEPTED');
    // An archived partition takes no new account.
    if (input.partitionId !== null) await partitionRow(tx, spaceId!, input.partitionId, true);
    // The sponsor shows its primary avatar's card: a sponsorship names its account, which no
    // secondary avatar may be tied to.
    authorize(member, 'write', 'avatar', await findAvatar(tx, member.spaceId, input.sponsorAvatarId));
    if (input.sponsorAvatarId !== member.avatars[0])
      throw new IlotError('VALIDATION_FAILED', 'A sponsorship is made by the primary avatar, which names its account.', {
        field: 'sponsorAvatarId',
      });
    const id = newScopedId(spaceId!, 'sponsorship');
    await claimPrefix(tx, spaceId!, input.phrase.prefixId, 'sponsorship', id);
    const expiresAt = now + sponsorshipValidityMs;
    await tx
      .insertInto('sponsorships')
      .values({
        space_id: spaceId!,
        id,
        prefix_id: input.phrase.prefixId,
        auth_hash: hashKey(input.phrase.authKey),
        sponsor: member.accountId,
        role: 'member',
        created_at: now,
        used_at: null,
        sponsor_avatar: input.sponsorAvatarId,
        state: 'pending',
        expires_at: expiresAt,
        name: input.name,
        kind: input.kind,
        partition_id: input.partitionId,
        quota_documents: input.quotas.documents,
        quota_volume_bytes: input.quotas.volumeBytes,
        delegate: input.delegate ? 1 : 0,
        gift_cents: input.giftCents,
        no_contact: input.noContact ? 1 : 0,
        sealed: input.sealed,
        key_for_phrase: input.keyForPhrase,
        key_for_sponsor: input.keyForSponsor,
        answer: null,
        answered_at: null,
        account_id: null,
      })
      .execute();
    if (input.invitation) {
      await queueInvitation(tx, config, { spaceId: spaceId!, sponsorshipId: id, sponsor: member.accountId, ...input.invitation }, now);
      wakeTasks();
    }
    describe(id, {
      kind: input.kind,
      partitionId: input.partitionId,
      delegate: input.delegate,
      quotas: input.quotas,
      mailed: !!input.invitation,
    });
    return { id, expiresAt };
  },
});
