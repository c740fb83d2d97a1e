import { Type } from '@sinclair/typebox';
import { defineContract } from './contract.js';

/** Public: which site and version a client reached, and the Argon2id cost it needs before deriving keys from a phrase. */
export const ping = defineContract({
  name: 'ping',
  summary: 'Site name, version, time and key-derivation parameters',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    site: Type.String(),
    version: Type.String(),
    time: Type.Integer({ description: 'Server time, milliseconds since 1970' }),
    argon2: Type.Object({ memoryKib: Type.Integer(), iterations: Type.Integer(), parallelism: Type.Integer() }),
  }),
});
