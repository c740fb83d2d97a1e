import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/files.js';
import { findNote } from '../../../domain/notes.js';
import { authorize } from '../../../domain/policies.js';
import { takeUsage } from '../../../domain/versions.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * First phase of an upload: the file's ciphertext size is counted against the volume quota at once,
 * so that concurrent uploads cannot pass it together; the client then PUTs exactly that many bytes.
 */
export const reserveFile = defineOperation({
  ...contracts.reserveFile,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, config, quota, now }) {
    if (input.size > config.files.maxFileBytes) throw new IlotError('FILE_TOO_LARGE', undefined, { maxBytes: config.files.maxFileBytes });
    const note = authorize(member, 'write', 'note', await findNote(tx, member.spaceId, input.noteId));
    await takeUsage(tx, member.spaceId, member.accountId, { volumeBytes: input.size }, quota);
    const id = newScopedId(member.spaceId, 'file');
    await tx
      .insertInto('uploads')
      .values({
        space_id: member.spaceId,
        id,
        account_id: member.accountId,
        subtree: note.subtree,
        note_id: note.id,
        name_tag: input.nameTag,
        size: input.size,
        meta: input.meta,
        reserved_at: now,
      })
      .execute();
    return { fileId: id, uploadPath: `/api/files/${id}` };
  },
});
