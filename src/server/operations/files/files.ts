import { Type } from '@sinclair/typebox';
import { IlotError } from '../../../shared/errors.js';
import { ScopedId, newScopedId } from '../../../shared/ids.js';
import { FileMeta, NameTag } from '../../../shared/protocol.js';
import type { Tx } from '../../../store/database.js';
import { noteFileName } from '../../../store/files/names.js';
import { addUsage, nextVersion } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';
import type { Member } from '../../pipeline/principal.js';
import { ownNote } from '../../../domain/notes.js';
import { abandonUploads, removeFiles } from '../../../domain/files.js';

/** An upload reserved by the member's account, if there is one. */
function findOwnUpload(tx: Tx, member: Member, id: string) {
  return tx.selectFrom('uploads').selectAll().where('space_id', '=', member.spaceId).where('id', '=', id).where('account_id', '=', member.accountId).executeTakeFirst();
}

/** An upload reserved by the member's account; UPLOAD_NOT_FOUND otherwise, whoever's it is. */
export async function ownUpload(tx: Tx, member: Member, id: string) {
  const upload = await findOwnUpload(tx, member, id);
  if (!upload) throw new IlotError('UPLOAD_NOT_FOUND');
  return upload;
}

/** A validated file of one of the member's avatars; FILE_NOT_FOUND otherwise, whoever's it is. */
export async function ownFile(tx: Tx, member: Member, id: string) {
  const file = await tx
    .selectFrom('files')
    .innerJoin('avatars', (join) => join.onRef('avatars.space_id', '=', 'files.space_id').onRef('avatars.id', '=', 'files.subtree'))
    .selectAll('files')
    .where('files.space_id', '=', member.spaceId)
    .where('files.id', '=', id)
    .where('avatars.account_id', '=', member.accountId)
    .executeTakeFirst();
  if (!file) throw new IlotError('FILE_NOT_FOUND');
  return file;
}

/** The other revisions of a file: the files of its note with the same name tag. */
function otherRevisions(tx: Tx, file: { space_id: number; id: string; note_id: string; name_tag: string }) {
  return tx
    .selectFrom('files')
    .select(['id', 'subtree', 'size'])
    .where('space_id', '=', file.space_id)
    .where('note_id', '=', file.note_id)
    .where('name_tag', '=', file.name_tag)
    .where('id', '<>', file.id)
    .execute();
}

const FileId = Type.Object({ fileId: ScopedId() }, { additionalProperties: false });
const Changed = Type.Object({ id: Type.String(), version: Type.Integer() });

/**
 * First phase of an upload: the file's ciphertext size is counted against the volume quota at once,
 * so that concurrent uploads cannot pass it together; the client then PUTs exactly that many bytes.
 */
export const reserveFile = defineOperation({
  name: 'file.reserve',
  summary: 'Reserve the upload of a file attached to a note',
  access: { plane: 'member' },
  effect: 'growth',
  input: Type.Object(
    { noteId: ScopedId(), nameTag: NameTag(), size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'bytes of ciphertext' }), meta: FileMeta() },
    { additionalProperties: false },
  ),
  output: Type.Object({ fileId: Type.String(), uploadPath: Type.String({ description: 'PUT the ciphertext here (application/octet-stream)' }) }),
  async run(input, { tx, member, config, quota, now }) {
    if (input.size > config.files.maxFileBytes) throw new IlotError('FILE_TOO_LARGE', undefined, { maxBytes: config.files.maxFileBytes });
    const note = await ownNote(tx, member, input.noteId);
    const used = await addUsage(tx, member.spaceId, member.accountId, { volumeBytes: input.size });
    const limit = quota?.volumeBytes.quota ?? null;
    if (limit !== null && used.volumeBytes > limit) {
      throw new IlotError('QUOTA_EXCEEDED', 'This file would take the account past its volume quota.', { volumeBytes: { used: used.volumeBytes - input.size, quota: limit }, requested: input.size });
    }
    const id = newScopedId(member.spaceId, 'file');
    await tx
      .insertInto('uploads')
      .values({ space_id: member.spaceId, id, account_id: member.accountId, subtree: note.subtree, note_id: note.id, name_tag: input.nameTag, size: input.size, meta: input.meta, reserved_at: now })
      .execute();
    return { fileId: id, uploadPath: `/api/files/${id}` };
  },
});

/**
 * Last phase: the uploaded ciphertext becomes a file of the note, sent by sync. `keep: 'latest'`
 * removes the earlier revisions (files of the same name tag) in the same version.
 */
export const validateFile = defineOperation({
  name: 'file.validate',
  summary: 'Validate an uploaded file: it becomes part of its note',
  access: { plane: 'member' },
  effect: 'write',
  input: Type.Object({ fileId: ScopedId(), keep: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('latest')], { default: 'all', description: 'earlier revisions: keep all, or only this latest one' })) }, { additionalProperties: false }),
  output: Changed,
  async run(input, { tx, member, files, now, notify, wakeTasks, count }) {
    const upload = await ownUpload(tx, member, input.fileId);
    const stored = await files.stat(member.spaceId, noteFileName(upload.subtree, upload.id));
    if (!stored) throw new IlotError('UPLOAD_INCOMPLETE');
    if (stored.size !== upload.size) throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: upload.size, received: stored.size });
    const version = await nextVersion(tx, member.spaceId, upload.subtree);
    await tx.deleteFrom('uploads').where('space_id', '=', member.spaceId).where('id', '=', upload.id).execute();
    const file = { space_id: member.spaceId, id: upload.id, subtree: upload.subtree, note_id: upload.note_id, name_tag: upload.name_tag, version, size: upload.size, meta: upload.meta, created_at: now };
    await tx.insertInto('files').values(file).execute();
    if (input.keep === 'latest') {
      await removeFiles(tx, member.spaceId, member.accountId, await otherRevisions(tx, file), version, now);
      wakeTasks();
    }
    count({ writes: 1, uploadedBytes: upload.size });
    notify({ spaceId: member.spaceId, subtree: upload.subtree, version });
    return { id: file.id, version };
  },
});

/** Deletes a file (one revision), or abandons an upload not yet validated. */
export const deleteFile = defineOperation({
  name: 'file.delete',
  summary: 'Delete a file (one revision) or abandon an upload',
  access: { plane: 'member' },
  effect: 'write',
  input: FileId,
  output: Type.Object({ id: Type.String(), version: Type.Union([Type.Integer(), Type.Null()], { description: 'null for an abandoned upload (nothing synced changed)' }) }),
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const upload = await findOwnUpload(tx, member, input.fileId);
    if (upload) {
      await abandonUploads(tx, member.spaceId, [upload], now);
      wakeTasks();
      return { id: upload.id, version: null };
    }
    const file = await ownFile(tx, member, input.fileId);
    const version = await nextVersion(tx, member.spaceId, file.subtree);
    await removeFiles(tx, member.spaceId, member.accountId, [file], version, now);
    wakeTasks();
    notify({ spaceId: member.spaceId, subtree: file.subtree, version });
    return { id: file.id, version };
  },
});

/** Keeps only the chosen revision of a file: the other files of its name in the note go. */
export const keepRevision = defineOperation({
  name: 'file.keepRevision',
  summary: 'Keep only this revision of a file, deleting the others of the same name',
  access: { plane: 'member' },
  effect: 'write',
  input: FileId,
  output: Type.Object({ id: Type.String(), version: Type.Integer(), removed: Type.Integer() }),
  async run(input, { tx, member, now, notify, wakeTasks }) {
    const file = await ownFile(tx, member, input.fileId);
    const others = await otherRevisions(tx, file);
    if (others.length === 0) return { id: file.id, version: file.version, removed: 0 };
    const version = await nextVersion(tx, member.spaceId, file.subtree);
    await removeFiles(tx, member.spaceId, member.accountId, others, version, now);
    wakeTasks();
    notify({ spaceId: member.spaceId, subtree: file.subtree, version });
    return { id: file.id, version, removed: others.length };
  },
});
