import * as contracts from '../../../shared/operations/spaces.js';
import { spaceOptions } from '../../../domain/spaces.js';
import { defineOperation } from '../../pipeline/operation.js';

/** The treasurer sets the space's options; unnamed options keep their value. */
export const setSpaceOptions = defineOperation({
  ...contracts.setSpaceOptions,
  access: { plane: 'admin', permission: 'space.options' },
  effect: 'write',
  audit: true,
  async run(input, { tx, spaceId, describe }) {
    describe(null, input);
    const changes = {
      ...(input.acceptsAAccounts === undefined ? {} : { accepts_a_accounts: input.acceptsAAccounts ? 1 : 0 }),
      ...(input.switchToANeedsConsent === undefined ? {} : { switch_to_a_needs_consent: input.switchToANeedsConsent ? 1 : 0 }),
      ...(input.lifetimeMonths === undefined ? {} : { lifetime_months: input.lifetimeMonths }),
    };
    if (Object.keys(changes).length > 0) await tx.updateTable('spaces').set(changes).where('id', '=', spaceId!).execute();
    return spaceOptions(tx, spaceId!);
  },
});
