import { Type } from '@sinclair/typebox';
import { ilotVersion } from '../../../shared/version.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Public: tells a client which site and version it reached. Touches no data, so it runs without a transaction. */
export const ping = defineOperation({
  name: 'ping',
  summary: 'Name and version of the site',
  access: { plane: 'public' },
  effect: 'none',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    site: Type.String(),
    version: Type.String(),
    time: Type.Integer({ description: 'Server time, milliseconds since 1970' }),
  }),
  async run(_input, { config, now }) {
    return { site: config.siteName, version: ilotVersion, time: now };
  },
});
