import type { GroupKeys } from '../../../src/client/group-notes.js';
import { useReadOnly } from '../session/read-only';

/**
 * What the files of a group note need beyond a personal note's: the group's keys to open them, the
 * keys to seal a new one under (the current version, rotated first when a rotation is due), and
 * whether this member may write (read-write access to the notes).
 */
export interface GroupFiles {
  keys: GroupKeys;
  sealing: () => Promise<GroupKeys>;
  writable: boolean;
}

/** Whether the files shown only read: offline, or a group note of a member who only reads the notes. */
export const useFilesReadOnly = (group: GroupFiles | undefined) => useReadOnly() || group?.writable === false;
