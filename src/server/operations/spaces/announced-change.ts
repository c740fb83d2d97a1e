import { changeSpace, type SpaceChanges, type SpaceRow } from '../../../domain/spaces.js';
import type { OperationContext } from '../../pipeline/operation.js';

/**
 * An operator's change to a space, announced once committed to the live sessions of its members:
 * their status banner (frozen, read-only, notification…) is read again at once, not at the next
 * screen change.
 */
export async function changeAnnounced(
  { tx, notify }: Pick<OperationContext, 'tx' | 'notify'>,
  orgCode: string,
  changes: SpaceChanges,
): Promise<SpaceRow> {
  const space = await changeSpace(tx, orgCode, changes);
  notify({ spaceId: space.id, spaceChanged: true });
  return space;
}
