import * as contracts from '../../../shared/operations/fleet.js';
import { IlotError } from '../../../shared/errors.js';
import { appView } from '../../../tower/apps.js';
import { siteSpaceId } from '../../../store/schema.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators (admin): adds an app to the catalog; a process app names the program its hosts run (argv). */
export const addApp = defineOperation({
  ...contracts.addApp,
  access: { plane: 'operator' },
  effect: 'write',
  audit: true,
  auditTarget: (input) => input.name,
  async run(input, { tx, now, describe }) {
    if ((input.kind === 'process') !== (input.command !== undefined))
      throw new IlotError('VALIDATION_FAILED', 'A process app needs its command; an Ilot app takes none.');
    const taken = await tx.selectFrom('fleet_apps').select('name').where('name', '=', input.name).executeTakeFirst();
    if (taken) throw new IlotError('FLEET_APP_EXISTS');
    await tx
      .insertInto('fleet_apps')
      .values({
        space_id: siteSpaceId,
        name: input.name,
        kind: input.kind,
        command: input.command ? JSON.stringify(input.command) : null,
        created_at: now,
      })
      .execute();
    describe(input.name, { kind: input.kind, ...(input.command ? { command: input.command } : {}) });
    return appView(tx, input.name);
  },
});
