import * as contracts from '../../../shared/operations/spaces.js';
import { keyDerivationOf } from '../../../domain/key-derivation.js';
import { firstSpaceNumber } from '../../../domain/spaces.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: what the space's members derive their keys with; confined to the space the org code names (none: the default). */
export const keyDerivation = defineOperation({
  ...contracts.keyDerivation,
  access: { plane: 'public' },
  effect: 'read',
  targetsSpace: true,
  async run({ orgCode }, { tx, config }) {
    const space = await tx
      .selectFrom('spaces')
      .select(['id', 'org_code'])
      .where('org_code', '=', orgCode)
      .where('id', '>=', firstSpaceNumber)
      .executeTakeFirst();
    const site = config.crypto.argon2;
    return space ? keyDerivationOf(tx, space, site) : { orgCode, argon2: site };
  },
});
