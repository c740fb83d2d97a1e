import { Type } from '@sinclair/typebox';
import { ScopedId } from '../../../shared/ids.js';
import { noteFileName } from '../../../store/files/names.js';
import { defineOperation } from '../../pipeline/operation.js';
import { ownFile, ownUpload } from './files.js';

// The two operations behind the file routes (PUT and GET /api/files/<id>): the pipeline decides
// whether the bytes may move and where they live; the route moves them once it has answered.

const FileId = Type.Object({ fileId: ScopedId() }, { additionalProperties: false });
const Stored = Type.Object({ name: Type.String(), size: Type.Integer() });

/** May this session upload the reserved file's ciphertext now, and how many bytes exactly? */
export const uploadFile = defineOperation({
  name: 'file.upload',
  summary: 'Upload the ciphertext of a reserved file (PUT /api/files/<fileId>, application/octet-stream)',
  access: { plane: 'member' },
  effect: 'write',
  input: FileId,
  output: Stored,
  async run(input, { tx, member, count }) {
    const upload = await ownUpload(tx, member, input.fileId);
    // The upload is counted when validated.
    count({});
    return { name: noteFileName(upload.subtree, upload.id), size: upload.size };
  },
});

/** May this session download a file's ciphertext? Its bytes are counted as downloaded. */
export const downloadFile = defineOperation({
  name: 'file.download',
  summary: 'Download the ciphertext of a file (GET /api/files/<fileId>)',
  access: { plane: 'member' },
  effect: 'read',
  input: FileId,
  output: Stored,
  async run(input, { tx, member, count }) {
    const file = await ownFile(tx, member, input.fileId);
    count({ reads: 1, downloadedBytes: file.size });
    return { name: noteFileName(file.subtree, file.id), size: file.size };
  },
});
