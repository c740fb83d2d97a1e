import * as contracts from '../../../shared/operations/spaces.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Members: the partitions of the space (to choose one when sponsoring an O account). */
export const listPartitions = defineOperation({
  ...contracts.listPartitions,
  access: { plane: 'member' },
  effect: 'read',
  async run(_input, { tx, spaceId }) {
    const rows = await tx.selectFrom('partitions').select(['id', 'name']).where('space_id', '=', spaceId!).orderBy('created_at').execute();
    return { partitions: rows };
  },
});
