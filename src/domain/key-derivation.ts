import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** The Argon2id cost of a derivation, as the site's configuration and `ping` give it. */
export interface Argon2Cost {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/**
 * What members' clients derive their keys with: the org code and the Argon2id cost the space was
 * created with. A space moved to another site (`ilot space import`) keeps them even when its org
 * code or the site's cost differ there: its members' passphrases, and every key wrapped under them,
 * depend on both. Stored in the space's `site_settings` under this key only when it differs from
 * the space's own org code and the site's cost.
 */
export interface KeyDerivation {
  orgCode: string;
  argon2: Argon2Cost;
}

export const keyDerivationKey = 'keyDerivation';

/** The space's key derivation: what was stored at its import, else its org code with the site's cost. */
export async function keyDerivationOf(
  db: Kysely<Database>,
  space: { id: number; org_code: string },
  site: Argon2Cost,
): Promise<KeyDerivation> {
  const row = await db
    .selectFrom('site_settings')
    .select('value')
    .where('space_id', '=', space.id)
    .where('key', '=', keyDerivationKey)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value) as KeyDerivation) : { orgCode: space.org_code, argon2: site };
}

/** Whether a space of org code `orgCode` on a site of cost `site` needs `kd` stored to keep it. */
export function mustStore(kd: KeyDerivation, orgCode: string, site: Argon2Cost): boolean {
  return (
    kd.orgCode !== orgCode ||
    kd.argon2.memoryKib !== site.memoryKib ||
    kd.argon2.iterations !== site.iterations ||
    kd.argon2.parallelism !== site.parallelism
  );
}
