import { Type } from '@sinclair/typebox';
import { ilotVersion } from '../../../config/version.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Public: which site and version a client reached, and what it needs before deriving keys from a
 * phrase (the site's Argon2id cost). Touches no data, so it runs without a transaction.
 */
export const ping = defineOperation({
  name: 'ping',
  summary: 'Site name, version, time and key-derivation parameters',
  access: { plane: 'public' },
  effect: 'none',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    site: Type.String(),
    version: Type.String(),
    time: Type.Integer({ description: 'Server time, milliseconds since 1970' }),
    argon2: Type.Object({ memoryKib: Type.Integer(), iterations: Type.Integer(), parallelism: Type.Integer() }),
  }),
  async run(_input, { config, now }) {
    return { site: config.siteName, version: ilotVersion, time: now, argon2: config.crypto.argon2 };
  },
});
