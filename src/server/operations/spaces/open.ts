import * as contracts from '../../../shared/operations/spaces.js';
import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import { operatorOrgCode } from '../../../shared/protocol.js';
import { claimPrefix } from '../../../domain/phrases.js';
import { freeSpaceNumber, listSpaces } from '../../../domain/spaces.js';
import { hashKey } from '../../../domain/secrets.js';
import { quotaColumns } from '../../../domain/space-views.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Operators: opens a space for an organization with its agreed quotas and the treasurer's
 * sponsorship (keys derived by the operator's client from the sponsorship phrase, never the phrase).
 */
export const openSpace = defineOperation({
  ...contracts.openSpace,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.orgCode,
  async run(input, { tx, config, now, describe }) {
    if (input.orgCode === operatorOrgCode) throw new IlotError('ORG_CODE_RESERVED');
    // Concurrent openings read the same spaces and take the same lowest free number: the key lets
    // one through and the other is retried, reading the first; so neither can pass maxSpaces.
    const spaces = await listSpaces(tx);
    if (spaces.some((s) => s.org_code === input.orgCode)) throw new IlotError('ORG_CODE_TAKEN');
    const number = spaces.length < config.maxSpaces ? freeSpaceNumber(spaces) : null;
    if (number === null) throw new IlotError('SPACE_LIMIT_REACHED', undefined, { maxSpaces: config.maxSpaces });
    const { quotas } = input;
    await tx
      .insertInto('spaces')
      .values({
        id: number,
        org_code: input.orgCode,
        created_at: now,
        ...quotaColumns(quotas),
      })
      .execute();
    const sponsorshipId = newScopedId(number, 'sponsorship');
    await tx
      .insertInto('sponsorships')
      .values({
        space_id: number,
        id: sponsorshipId,
        prefix_id: input.sponsorship.prefixId,
        auth_hash: hashKey(input.sponsorship.authKey),
        sponsor: null,
        role: 'treasurer',
        created_at: now,
        used_at: null,
      })
      .execute();
    await claimPrefix(tx, number, input.sponsorship.prefixId, 'sponsorship', sponsorshipId);
    // O accounts belong to a partition: the treasurer starts with one holding the space's whole
    // quotas, and may add others and move quotas to them.
    await tx
      .insertInto('partitions')
      .values({
        space_id: number,
        id: newScopedId(number, 'partition'),
        name: 'Default',
        created_at: now,
        quota_documents: quotas.documents,
        quota_volume_bytes: quotas.volumeBytes,
        archived_at: null,
      })
      .execute();
    describe(input.orgCode, { number, quotas });
    return { orgCode: input.orgCode, number };
  },
});
