import type { Group, groupMembers } from '../../../src/client/groups.js';

/** What a group page's sections share: the group as listed, a count that moves on with every change told, and the list read again after a write. */
export interface GroupView {
  group: Group;
  revision: number;
  reload: () => Promise<void>;
}

/** The group's members and pending invitations, as one with member access sees them. */
export type Roster = Awaited<ReturnType<typeof groupMembers>>;
