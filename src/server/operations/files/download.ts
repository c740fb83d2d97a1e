import * as contracts from '../../../shared/operations/files.js';
import { noteFileName } from '../../../store/files/names.js';
import { findFile } from '../../../domain/files.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Behind GET /api/files/<fileId>: may this session download a file's ciphertext? Its bytes are counted as downloaded. */
export const downloadFile = defineOperation({
  ...contracts.downloadFile,
  access: { plane: 'member' },
  effect: 'read',
  async run(input, { tx, member, count }) {
    const file = authorizeDocument(
      member,
      'read',
      'file',
      await withGroupNotes(tx, member, await findFile(tx, member.spaceId, input.fileId)),
    );
    count({ reads: 1, downloadedBytes: file.size });
    return { name: noteFileName(file.subtree, file.id), size: file.size };
  },
});
