import type { OutputOf } from '../../../../src/shared/operations/index.js';

/** A space as operators see it: state, quotas, usage. */
export type SpaceView = OutputOf<'space.list'>['spaces'][number];
