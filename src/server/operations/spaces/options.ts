import { Type } from '@sinclair/typebox';
import { defineOperation } from '../../pipeline/operation.js';
import { lifetimeChoices } from '../../../domain/lifetime.js';

const SpaceOptions = Type.Object({
  acceptsAAccounts: Type.Boolean({ description: 'A accounts may be sponsored (withdrawing it affects only future sponsorships)' }),
  lifetimeMonths: Type.Union(lifetimeChoices.map((n) => Type.Literal(n)), { description: 'a sign-in extends an account to the end of the month this many months later' }),
});

/** The treasurer sets the space's options; unnamed options keep their value. */
export const setSpaceOptions = defineOperation({
  name: 'space.setOptions',
  summary: "Set the space's options (A accounts accepted, account lifetime)",
  access: { plane: 'admin', permission: 'space.options' },
  effect: 'write',
  audit: true,
  input: Type.Partial(SpaceOptions, { additionalProperties: false }),
  output: SpaceOptions,
  async run(input, { tx, spaceId, describe }) {
    describe(null, input);
    const changes = {
      ...(input.acceptsAAccounts === undefined ? {} : { accepts_a_accounts: input.acceptsAAccounts ? 1 : 0 }),
      ...(input.lifetimeMonths === undefined ? {} : { lifetime_months: input.lifetimeMonths }),
    };
    if (Object.keys(changes).length > 0) await tx.updateTable('spaces').set(changes).where('id', '=', spaceId!).execute();
    const space = await tx.selectFrom('spaces').select(['accepts_a_accounts', 'lifetime_months']).where('id', '=', spaceId!).executeTakeFirstOrThrow();
    return { acceptsAAccounts: space.accepts_a_accounts === 1, lifetimeMonths: space.lifetime_months as (typeof lifetimeChoices)[number] };
  },
});

/** Members: the partitions of the space (to choose one when sponsoring an O account). */
export const listPartitions = defineOperation({
  name: 'partition.list',
  summary: 'List the partitions of the space',
  access: { plane: 'member' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ partitions: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) }),
  async run(_input, { tx, spaceId }) {
    const rows = await tx.selectFrom('partitions').select(['id', 'name']).where('space_id', '=', spaceId!).orderBy('created_at').execute();
    return { partitions: rows };
  },
});
