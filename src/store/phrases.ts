import { IlotError } from '../shared/errors.js';
import type { Tx } from './database.js';
import type { PhrasePrefixesTable } from './schema.js';

/** Claims a phrase prefix in a space; PHRASE_TOO_CLOSE when another phrase of the space starts alike. */
export async function claimPrefix(tx: Tx, spaceId: number, prefixId: string, kind: PhrasePrefixesTable['kind'], owner: string): Promise<void> {
  const taken = await tx.selectFrom('phrase_prefixes').select('owner').where('space_id', '=', spaceId).where('prefix_id', '=', prefixId).executeTakeFirst();
  if (taken) throw new IlotError('PHRASE_TOO_CLOSE');
  await tx.insertInto('phrase_prefixes').values({ space_id: spaceId, prefix_id: prefixId, kind, owner }).execute();
}

export async function releasePrefix(tx: Tx, spaceId: number, prefixId: string): Promise<void> {
  await tx.deleteFrom('phrase_prefixes').where('space_id', '=', spaceId).where('prefix_id', '=', prefixId).execute();
}
