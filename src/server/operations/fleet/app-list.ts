import * as contracts from '../../../shared/operations/fleet.js';
import { appView } from '../../../tower/apps.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Operators: the apps of the catalog with their versions. */
export const listApps = defineOperation({
  ...contracts.listApps,
  access: { plane: 'operator' },
  effect: 'read',
  async run(_input, { tx }) {
    const names = await tx.selectFrom('fleet_apps').select('name').orderBy('name').execute();
    const apps = [];
    for (const { name } of names) apps.push(await appView(tx, name));
    return { apps };
  },
});
