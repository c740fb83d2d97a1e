import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/sponsorships.js';
import { conditionsOf, openSponsorship } from '../../../domain/sponsorships.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: with the org code and the sponsorship phrase's keys, the sponsored reads the proposal and the sponsor's card. */
export const viewSponsorship = defineOperation({
  ...contracts.viewSponsorship,
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  checksCredentials: true,
  async run(input, { tx, spaceId, now }) {
    const row = await openSponsorship(tx, spaceId, input.phrase, now);
    const sponsor = await tx
      .selectFrom('avatars')
      .select(['id', 'name', 'ecdh_public_key', 'card'])
      .where('space_id', '=', row.space_id)
      .where('id', '=', row.sponsor_avatar!)
      .executeTakeFirst();
    // The sponsor's avatar was deleted meanwhile: the proposal has lost its sponsor.
    if (!sponsor) throw new IlotError('SPONSORSHIP_INVALID');
    return {
      ...conditionsOf(row),
      keyForPhrase: row.key_for_phrase!,
      sponsor: { avatarId: sponsor.id, name: sponsor.name, ecdhPublicKey: sponsor.ecdh_public_key, card: sponsor.card },
    };
  },
});
