import type { IlotClient } from '../../../src/client/client.js';
import { IlotClientError } from '../../../src/client/errors.js';
import { downloadFile, type NoteFile, type ReadableSource } from '../../../src/client/files.js';
import type { GroupKeys } from '../../../src/client/group-notes.js';
import type { LocalStore } from '../../../src/client/local-store.js';
import { BrowserStore } from '../local/browser-store';
import { openKeptFile } from '../local/offline-files';

/** A picked or dropped file as the SDK reads it: again from any offset, so that an interrupted upload resumes. */
export function readableOf(file: File): ReadableSource {
  return {
    name: file.name,
    type: file.type || 'application/octet-stream',
    size: file.size,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}

/**
 * A file decrypted whole into a Blob of the given type; FILE_ALTERED if anything of it was changed.
 * A file available offline in this browser is read from its kept ciphertext, with no request. A
 * group note's file opens with its group's keys.
 */
export async function decryptedBlob(client: IlotClient, store: LocalStore, file: NoteFile, type: string, group?: GroupKeys): Promise<Blob> {
  const stored = (await store.files()).find((f) => f.id === file.id);
  if (!stored) throw new IlotClientError('FILE_NOT_FOUND', `File ${file.id} is not in this note any more.`, 0);
  const kept = store instanceof BrowserStore ? await openKeptFile(client, store, stored, group) : undefined;
  const parts: Uint8Array[] = [];
  for await (const part of kept ?? downloadFile(client, stored, group)) parts.push(part);
  return new Blob(parts as BlobPart[], { type });
}

/** How the browser can show a file of this type in the page; null: it is downloaded instead. */
export function shownAs(type: string): 'image' | 'audio' | 'video' | 'pdf' | null {
  if (type === 'application/pdf') return 'pdf';
  const kind = type.split('/')[0];
  return kind === 'image' || kind === 'audio' || kind === 'video' ? kind : null;
}

// Small enough that its data URL fits, sealed, in the file's metadata beside a long name.
const thumbnailSide = 40;

/** An image's thumbnail, drawn in the browser; undefined for other files and images it cannot read. */
export async function thumbnailOf(file: File): Promise<string | undefined> {
  if (shownAs(file.type) !== 'image') return undefined;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, thumbnailSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/webp', 0.6);
  } catch {
    return undefined;
  }
}

/** A size in the reader's language: bytes, kB or MB. */
export function sizeText(bytes: number, language: string): string {
  const [value, unit] = bytes < 1000 ? [bytes, 'byte'] : bytes < 1_000_000 ? [bytes / 1000, 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}
