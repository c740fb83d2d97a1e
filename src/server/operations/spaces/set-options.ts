import * as contracts from '../../../shared/operations/spaces.js';
import type { lifetimeChoices } from '../../../shared/limits.js';
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
      ...(input.lifetimeMonths === undefined ? {} : { lifetime_months: input.lifetimeMonths }),
    };
    if (Object.keys(changes).length > 0) await tx.updateTable('spaces').set(changes).where('id', '=', spaceId!).execute();
    const space = await tx
      .selectFrom('spaces')
      .select(['accepts_a_accounts', 'lifetime_months'])
      .where('id', '=', spaceId!)
      .executeTakeFirstOrThrow();
    return { acceptsAAccounts: space.accepts_a_accounts === 1, lifetimeMonths: space.lifetime_months as (typeof lifetimeChoices)[number] };
  },
});
