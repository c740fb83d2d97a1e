import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/files.js';
import { abandonUploads, findFile, findUpload, removeFiles } from '../../../domain/files.js';
import { can } from '../../../domain/policies.js';
import { nextVersion } from '../../../domain/versions.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * Deletes a file (one revision), or abandons an upload not yet validated. Of concurrent deletions
 * of one file, one deletes it and releases its volume; the others find it missing.
 */
export const deleteFile = defineOperation({
  ...contracts.deleteFile,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, now, notify, wakeTasks }) {
    // The id is an upload's until it is validated, a file's after; another account's upload is answered as a missing file.
    const upload = await withGroupNotes(tx, member, await findUpload(tx, member.spaceId, input.fileId));
    if (upload && can(member, 'delete', 'upload', upload)) {
      if ((await abandonUploads(tx, member.spaceId, [upload], now)) === 0) throw new IlotError('FILE_NOT_FOUND');
      wakeTasks();
      return { id: upload.id, version: null };
    }
    const file = authorizeDocument(
      member,
      'delete',
      'file',
      await withGroupNotes(tx, member, await findFile(tx, member.spaceId, input.fileId)),
    );
    const version = await nextVersion(tx, member.spaceId, file.subtree);
    if ((await removeFiles(tx, member, [file], version, now)) === 0) throw new IlotError('FILE_NOT_FOUND');
    wakeTasks();
    notify({ spaceId: member.spaceId, subtree: file.subtree, version });
    return { id: file.id, version };
  },
});
