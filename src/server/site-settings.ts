import type { Config } from '../config/schema.js';
import { ConfigError } from '../config/load.js';
import type { Kysely } from 'kysely';
import type { Argon2Cost } from '../domain/key-derivation.js';
import type { Store } from '../store/database.js';
import { siteSpaceId, type Database } from '../store/schema.js';

/** The Argon2id cost recorded at the site's first start, as stored (JSON). */
async function recordedArgon2(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom('site_settings')
    .select('value')
    .where('space_id', '=', siteSpaceId)
    .where('key', '=', 'argon2')
    .executeTakeFirst();
  return row?.value;
}

/** The site's Argon2id cost, as recorded at its first start (the configuration's until then). */
export async function siteArgon2(store: Store, config: Config): Promise<Argon2Cost> {
  const recorded = await recordedArgon2(store.db);
  return recorded ? (JSON.parse(recorded) as Argon2Cost) : config.crypto.argon2;
}

/**
 * Settings a site keeps for life, recorded at first start. The Argon2id cost is one: every
 * passphrase's keys depend on it, so changing it later would lock everyone out.
 */
export async function checkSiteSettings(store: Store, config: Config): Promise<void> {
  const wanted = JSON.stringify(config.crypto.argon2);
  const stored = await store.transaction(async (tx) => {
    const recorded = await recordedArgon2(tx);
    if (recorded) return recorded;
    await tx.insertInto('site_settings').values({ space_id: siteSpaceId, key: 'argon2', value: wanted }).execute();
    return wanted;
  });
  if (stored !== wanted) {
    throw new ConfigError([
      `crypto.argon2: this site was created with ${stored}; passphrases only work with those parameters. Set crypto.argon2 back to them (now ${wanted}).`,
    ]);
  }
}
