import { ilotVersion } from '../../../config/version.js';
import { ping as contract } from '../../../shared/operations/site.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Touches no data, so it runs without a transaction. */
export const ping = defineOperation({
  ...contract,
  access: { plane: 'public' },
  effect: 'none',
  async run(_input, { config, now }) {
    return { site: config.siteName, version: ilotVersion, time: now, argon2: config.crypto.argon2 };
  },
});
