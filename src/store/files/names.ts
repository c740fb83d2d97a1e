import { IlotError } from '../../shared/errors.js';
import { idKinds, kindCodeOfId } from '../../shared/ids.js';

const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const maxLength = 512;

/**
 * Checks a file name or folder relative to a space folder and returns its segments. Nothing that
 * could leave the folder passes: no `..`, no leading `/`, no backslash, no NUL, no empty segment.
 */
export function fileNameSegments(name: string, { allowEmpty = false } = {}): string[] {
  if (typeof name !== 'string') throw invalid(name);
  if (name === '' && allowEmpty) return [];
  if (name.length > maxLength) throw invalid(name);
  const parts = name.split('/');
  // A segment may not start with a dot: no `.`, `..` nor hidden temp files.
  if (!parts.every((p) => segment.test(p) && !p.startsWith('.'))) throw invalid(name);
  return parts;
}

export function checkSpaceId(spaceId: number): void {
  if (!Number.isInteger(spaceId) || spaceId < 0 || spaceId > 99) {
    throw new IlotError('FILE_NAME_INVALID', `Space id ${String(spaceId)} is not valid.`);
  }
}

function invalid(name: unknown): IlotError {
  return new IlotError(
    'FILE_NAME_INVALID',
    'A file name is made of "/"-separated parts of letters, digits, ".", "_" and "-", none starting with a dot.',
    {
      name: typeof name === 'string' ? name.replaceAll('\0', '\\0').slice(0, 200) : typeof name,
    },
  );
}

/** Where an avatar's files live in its space folder: removing the folder removes them all. */
export const avatarFolder = (avatarId: string) => `avatars/${avatarId}`;

/** Where a group's files live in its space folder: destroying the group removes the folder. */
export const groupFolder = (groupId: string) => `groups/${groupId}`;

/** The name of a note file's ciphertext (validated or still uploading), in the folder of its note's subtree: an avatar or a group. */
export const noteFileName = (subtree: string, fileId: string) =>
  `${kindCodeOfId(subtree) === idKinds.group ? groupFolder(subtree) : avatarFolder(subtree)}/${fileId}`;
