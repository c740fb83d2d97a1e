import { IlotError } from '../shared/errors.js';
import type { Tx } from '../store/database.js';
import type { PhrasePrefixesTable } from '../store/schema.js';

/** Claims a phrase prefix in a space; PHRASE_TOO_CLOSE when another phrase of the space starts alike. */
export async function claimPrefix(
  tx: Tx,
  spaceId: number,
  prefixId: string,
  kind: PhrasePrefixesTable['kind'],
  owner: string,
): Promise<void> {
  // One statement: the key decides, concurrent claims included.
  const result = await tx
    .insertInto('phrase_prefixes')
    .values({ space_id: spaceId, prefix_id: prefixId, kind, owner })
    .onConflict((conflict) => conflict.columns(['space_id', 'prefix_id']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) throw new IlotError('PHRASE_TOO_CLOSE');
}

export async function releasePrefix(tx: Tx, spaceId: number, prefixId: string): Promise<void> {
  await tx.deleteFrom('phrase_prefixes').where('space_id', '=', spaceId).where('prefix_id', '=', prefixId).execute();
}
