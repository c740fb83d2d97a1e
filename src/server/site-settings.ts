import type { Config } from '../config/schema.js';
import { ConfigError } from '../config/load.js';
import type { Store } from '../store/database.js';
import { siteSpaceId } from '../store/schema.js';

/**
 * Settings a site keeps for life, recorded at first start. The Argon2id cost is one: every
 * passphrase's keys depend on it, so changing it later would lock everyone out.
 */
export async function checkSiteSettings(store: Store, config: Config): Promise<void> {
  const wanted = JSON.stringify(config.crypto.argon2);
  const stored = await store.transaction(async (tx) => {
    const row = await tx
      .selectFrom('site_settings')
      .select('value')
      .where('space_id', '=', siteSpaceId)
      .where('key', '=', 'argon2')
      .executeTakeFirst();
    if (row) return row.value;
    await tx.insertInto('site_settings').values({ space_id: siteSpaceId, key: 'argon2', value: wanted }).execute();
    return wanted;
  });
  if (stored !== wanted) {
    throw new ConfigError([
      `crypto.argon2: this site was created with ${stored}; passphrases only work with those parameters. Set crypto.argon2 back to them (now ${wanted}).`,
    ]);
  }
}
