import { Type } from '@sinclair/typebox';
import { ScopedId } from '../ids.js';
import { ByteSize } from '../integers.js';
import { FileMeta, NameTag } from '../protocol.js';
import { defineContract } from './contract.js';

// Files attached to notes, uploaded in three steps: reserve, PUT the ciphertext, validate. The
// server sees the note, the ciphertext size and a keyed tag of the name, never the name or content.

const FileId = Type.Object({ fileId: ScopedId() }, { additionalProperties: false });

/** First phase of an upload: the ciphertext size counts against the volume quota at once. */
export const reserveFile = defineContract({
  name: 'file.reserve',
  summary: 'Reserve the upload of a file attached to a note',
  input: Type.Object(
    {
      noteId: ScopedId(),
      nameTag: NameTag(),
      size: ByteSize({ description: 'bytes of ciphertext' }),
      meta: FileMeta(),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    fileId: Type.String(),
    uploadPath: Type.String({ description: 'PUT the ciphertext here (application/octet-stream)' }),
  }),
});

/** Last phase: the uploaded ciphertext becomes a file of the note; `keep: 'latest'` removes its earlier revisions. */
export const validateFile = defineContract({
  name: 'file.validate',
  summary: 'Validate an uploaded file: it becomes part of its note',
  input: Type.Object(
    {
      fileId: ScopedId(),
      keep: Type.Optional(
        Type.Union([Type.Literal('all'), Type.Literal('latest')], {
          default: 'all',
          description: 'earlier revisions: keep all, or only this latest one',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ id: Type.String(), version: Type.Integer() }),
});

/** Deletes a file (one revision), or abandons an upload not yet validated. */
export const deleteFile = defineContract({
  name: 'file.delete',
  summary: 'Delete a file (one revision) or abandon an upload',
  input: FileId,
  output: Type.Object({
    id: Type.String(),
    version: Type.Union([Type.Integer(), Type.Null()], { description: 'null for an abandoned upload (nothing synced changed)' }),
  }),
});

/** Keeps only the chosen revision of a file: the other files of its name in the note go. */
export const keepRevision = defineContract({
  name: 'file.keepRevision',
  summary: 'Keep only this revision of a file, deleting the others of the same name',
  input: FileId,
  output: Type.Object({ id: Type.String(), version: Type.Integer(), removed: Type.Integer() }),
});

// The two operations behind the file routes (PUT and GET /api/files/<fileId>), not reached through
// POST /api/ops: they answer where the ciphertext lives and its size; the route moves the bytes.

/** Where a file's ciphertext is stored, and its size in bytes. */
const Stored = Type.Object({ name: Type.String(), size: Type.Integer() });

/** May this session upload the reserved file's ciphertext now, and how many bytes exactly? */
export const uploadFile = defineContract({
  name: 'file.upload',
  summary: 'Upload the ciphertext of a reserved file, whole or in chunks (PUT /api/files/<fileId>, application/octet-stream)',
  input: FileId,
  output: Stored,
});

/** May this session download a file's ciphertext? */
export const downloadFile = defineContract({
  name: 'file.download',
  summary: 'Download the ciphertext of a file (GET /api/files/<fileId>)',
  input: FileId,
  output: Stored,
});
