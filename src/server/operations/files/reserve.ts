import { IlotError } from '../../../shared/errors.js';
import { newScopedId } from '../../../shared/ids.js';
import * as contracts from '../../../shared/operations/files.js';
import { findNote } from '../../../domain/notes.js';
import { checkFits } from '../../../domain/usage.js';
import { checkGroupGrowth } from '../../../domain/hosting.js';
import { authorizeDocument, withGroupNotes } from '../../../domain/group-notes.js';
import { defineOperation } from '../../pipeline/operation.js';

/**
 * First phase of an upload: the client then PUTs exactly `size` bytes. An upload names no account
 * (its note's avatar may be a secondary one), so it counts against the volume only once validated;
 * here a file that would not fit in what the account has left is refused before any byte is sent.
 */
export const reserveFile = defineOperation({
  ...contracts.reserveFile,
  access: { plane: 'member' },
  effect: 'growth',
  async run(input, { tx, member, config, quota, now }) {
    if (input.size > config.files.maxFileBytes) throw new IlotError('FILE_TOO_LARGE', undefined, { maxBytes: config.files.maxFileBytes });
    const note = authorizeDocument(
      member,
      'write',
      'note',
      await withGroupNotes(tx, member, await findNote(tx, member.spaceId, input.noteId)),
    );
    // A group's file counts against the group's maxima (its host's account carries them), and needs a host.
    if (note.group) await checkGroupGrowth(tx, member.spaceId, note.subtree, { volumeBytes: input.size });
    else checkFits(quota, { volumeBytes: input.size });
    const id = newScopedId(member.spaceId, 'file');
    await tx
      .insertInto('uploads')
      .values({
        space_id: member.spaceId,
        id,
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
