import { Type } from '@sinclair/typebox';
import { OrgCode } from '../../../shared/protocol.js';
import { listSpaces, spaceByOrgCode } from '../../../domain/spaces.js';
import { defineOperation } from '../../pipeline/operation.js';
import { SpaceView, spaceView, spaceViews } from '../../../domain/space-views.js';

/** Operators: every space with its state, quotas and usage. */
export const listSpacesOperation = defineOperation({
  name: 'space.list',
  summary: 'List the spaces of the site',
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ spaces: Type.Array(SpaceView) }),
  async run(_input, { tx }) {
    return { spaces: await spaceViews(tx, await listSpaces(tx)) };
  },
});

/** Operators: one space. */
export const showSpace = defineOperation({
  name: 'space.show',
  summary: 'Show a space',
  access: { plane: 'operator' },
  effect: 'read',
  input: Type.Object({ orgCode: OrgCode() }, { additionalProperties: false }),
  output: SpaceView,
  async run(input, { tx }) {
    return spaceView(tx, await spaceByOrgCode(tx, input.orgCode));
  },
});
