import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { appByName, appView, archiveSha256 } from '../../../tower/apps.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): adds a version of an app, its release archive checked against the SHA-256 given. */
export const addAppVersion = defineOperation({
  ...contracts.addAppVersion,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => `${input.app}@${input.version}`,
  async run(input, { tx, now, describe }) {
    await appByName(tx, input.app);
    const known = await tx
      .selectFrom('fleet_app_versions')
      .select('version')
      .where('app', '=', input.app)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (known) throw new IlotError('FLEET_VERSION_EXISTS');
    const actual = await archiveSha256(input.archivePath);
    if (actual !== input.sha256) throw new IlotError('FLEET_RELEASE_TAMPERED', undefined, { expected: input.sha256, actual });
    await tx
      .insertInto('fleet_app_versions')
      .values({
        space_id: siteSpaceId,
        app: input.app,
        version: input.version,
        archive_path: input.archivePath,
        sha256: input.sha256,
        created_at: now,
      })
      .execute();
    describe(`${input.app}@${input.version}`, { sha256: input.sha256, archivePath: input.archivePath });
    return appView(tx, input.app);
  },
});
