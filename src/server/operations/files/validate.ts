import { IlotError } from '../../../shared/errors.js';
import * as contracts from '../../../shared/operations/files.js';
import { noteFileName } from '../../../store/files/names.js';
import { changeVolume, findUpload, otherRevisions, removeFiles } from '../../../domain/files.js';
import { nextVersion } from '../../../domain/versions.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';
import { monthStart } from '../../../domain/lifetime.js';

/**
 * Last phase: the uploaded ciphertext becomes a file of the note, sent by sync, and its size counts
 * against the account's volume (refused, the upload kept for another try, if it no longer fits).
 * `keep: 'latest'` removes the earlier revisions (files of the same name tag) in the same version.
 */
export const validateFile = defineOperation({
  ...contracts.validateFile,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, files, quota, now, notify, wakeTasks, count }) {
    const upload = authorizeDocument(
      member,
      'write',
      'upload',
      await withGroupNotes(tx, member, await findUpload(tx, member.spaceId, input.fileId)),
    );
    const stored = await files.stat(member.spaceId, noteFileName(upload.subtree, upload.id));
    if (!stored) throw new IlotError('UPLOAD_INCOMPLETE');
    if (stored.size !== upload.size)
      throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: upload.size, received: stored.size });
    const version = await nextVersion(tx, member.spaceId, upload.subtree);
    // Abandoned meanwhile (its volume released): it cannot become a file.
    const taken = await tx.deleteFrom('uploads').where('space_id', '=', member.spaceId).where('id', '=', upload.id).executeTakeFirst();
    if (Number(taken.numDeletedRows) !== 1) throw new IlotError('UPLOAD_NOT_FOUND');
    const file = {
      space_id: member.spaceId,
      id: upload.id,
      subtree: upload.subtree,
      note_id: upload.note_id,
      name_tag: upload.name_tag,
      version,
      size: upload.size,
      meta: upload.meta,
      created_at: monthStart(now),
    };
    await tx.insertInto('files').values(file).execute();
    await changeVolume(tx, member, [upload], 1, now, quota);
    if (input.keep === 'latest') {
      await removeFiles(tx, member, await otherRevisions(tx, file), version, now);
      wakeTasks();
    }
    count({ writes: 1, uploadedBytes: upload.size });
    notify({ spaceId: member.spaceId, subtree: upload.subtree, version });
    return { id: file.id, version };
  },
});
