import * as contracts from '../../../shared/operations/files.js';
import { findFile, otherRevisions, removeFiles } from '../../../domain/files.js';
import { nextVersion } from '../../../domain/versions.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Keeps only the chosen revision of a file: the other files of its name in the note go. */
export const keepRevision = defineOperation({
  ...contracts.keepRevision,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const file = authorizeDocument(
      member,
      'delete',
      'file',
      await withGroupNotes(tx, member, await findFile(tx, member.spaceId, input.fileId)),
    );
    const others = await otherRevisions(tx, file);
    if (others.length === 0) return { id: file.id, version: file.version, removed: 0 };
    const version = await nextVersion(tx, member.spaceId, file.subtree);
    const removed = await removeFiles(tx, member, others, version, now);
    wakeTasks();
    notify({ spaceId: member.spaceId, subtree: file.subtree, version });
    return { id: file.id, version, removed };
  },
});
