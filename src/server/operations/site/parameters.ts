import { Type } from '@sinclair/typebox';
import { ilotVersion } from '../../../shared/version.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: what a client needs before deriving keys from a phrase (the site's Argon2id cost). */
export const siteParameters = defineOperation({
  name: 'site.parameters',
  summary: 'Site name, version and key-derivation parameters',
  access: { plane: 'public' },
  effect: 'none',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    site: Type.String(),
    version: Type.String(),
    argon2: Type.Object({ memoryKib: Type.Integer(), iterations: Type.Integer(), parallelism: Type.Integer() }),
  }),
  async run(_input, { config }) {
    return { site: config.siteName, version: ilotVersion, argon2: config.crypto.argon2 };
  },
});
