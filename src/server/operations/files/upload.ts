import * as contracts from '../../../shared/operations/files.js';
import { noteFileName } from '../../../store/files/names.js';
import { findUpload } from '../../../domain/files.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/** Behind PUT /api/files/<fileId>: may this session upload the reserved file's ciphertext now, and how many bytes exactly? */
export const uploadFile = defineOperation({
  ...contracts.uploadFile,
  access: { plane: 'member' },
  effect: 'write',
  async run(input, { tx, member, count }) {
    const upload = authorizeDocument(
      member,
      'write',
      'upload',
      await withGroupNotes(tx, member, await findUpload(tx, member.spaceId, input.fileId)),
    );
    // The upload is counted when validated.
    count({});
    return { name: noteFileName(upload.subtree, upload.id), size: upload.size };
  },
});
