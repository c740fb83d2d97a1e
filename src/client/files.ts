import { fromBase64Url, importAesKey, newAesKeyBytes, textEncoder, toBase64Url } from '../shared/crypto/index.js';
import type { ErrorCode } from '../shared/errors.js';
import { fileMetaMaxLength } from '../shared/limits.js';
import type { OutputOf } from '../shared/operations/index.js';
import type { IlotClient } from './client.js';
import { groupNameTagKey, openUnderGroup, type GroupKeys } from './group-notes.js';
import { IlotClientError } from './errors.js';
import type { LocalStore, StoredFile } from './local-store.js';
import { openJson, sealJson } from './sealing.js';

// Files attached to notes, as a member's client handles them. Each file has its own key; its
// content is encrypted in chunks as it streams out and decrypted as it streams back, so that
// neither side ever holds a large file whole. The server sees the note, the ciphertext size and
// a keyed tag of the name (same name, same tag: revisions), never the name, type or content.

/** Plaintext bytes per chunk; each chunk of ciphertext is this plus a 16-byte tag. */
export const fileChunkBytes = 64 * 1024;
const tagBytes = 16;

/** Bytes of ciphertext of a plaintext size (an empty file is one empty chunk). */
export function cipherSize(plainSize: number): number {
  return plainSize + tagBytes * Math.max(1, Math.ceil(plainSize / fileChunkBytes));
}

/** What a file's metadata holds, encrypted under the account key. */
export interface FileMeta {
  name: string;
  type: string;
  /** Bytes of plaintext. */
  size: number;
  /** The file's own key (base64url). */
  key: string;
  /** When it was attached, as the client's clock said (absent from files attached before times were sealed). */
  createdAt?: number;
  /** An image's thumbnail (a data URL of a few hundred bytes), when it fitted in the metadata's bound. */
  thumbnail?: string;
}

/** A file to attach: its name, media type, size and content as a stream of bytes (sent in one request). */
export interface FileSource {
  name: string;
  type: string;
  size: number;
  content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * A file to attach whose bytes can be read again from any offset (a browser's File): sent in
 * chunks, one request each, resumed where the site stands after a network failure.
 */
export interface ReadableSource {
  name: string;
  type: string;
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

/** A file of a note as its member sees it. */
export interface NoteFile {
  id: string;
  noteId: string;
  name: string;
  type: string;
  size: number;
  createdAt: number;
  version: number;
  /** The same name's files, this one included, oldest first (ids). */
  revisions: string[];
  thumbnail?: string;
}

// The chunk's index is its nonce (each file key encrypts one file only) and the last chunk says it
// is the last: chunks cannot be reordered, dropped, repeated or cut off without detection.
function chunkNonce(index: number): Uint8Array {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setBigUint64(4, BigInt(index));
  return nonce;
}
const chunkData = { last: textEncoder.encode('ilot/v1/file-chunk/last'), more: textEncoder.encode('ilot/v1/file-chunk') };

/** Regroups a byte stream into pieces of `size` bytes (the last one shorter), with the last one flagged. */
async function* pieces(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  size: number,
): AsyncGenerator<{ bytes: Uint8Array; last: boolean }> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  let ready: Uint8Array | null = null;
  for await (const input of source) {
    for (let offset = 0; offset < input.length;) {
      const taken = Math.min(size - filled, input.length - offset);
      buffer.set(input.subarray(offset, offset + taken), filled);
      filled += taken;
      offset += taken;
      if (filled === size) {
        if (ready) yield { bytes: ready, last: false };
        ready = buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (ready && filled === 0) {
    yield { bytes: ready, last: true };
    return;
  }
  if (ready) yield { bytes: ready, last: false };
  yield { bytes: buffer.slice(0, filled), last: true };
}

/** One chunk of ciphertext: the same for the same key, index and bytes, so that a resumed upload sends what it would have. */
async function encryptChunk(key: CryptoKey, index: number, bytes: Uint8Array, last: boolean): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: chunkNonce(index) as BufferSource, additionalData: (last ? chunkData.last : chunkData.more) as BufferSource },
      key,
      bytes as BufferSource,
    ),
  );
}

const sizeChanged = (file: { name: string; size: number }) =>
  new IlotClientError('FILE_SIZE_CHANGED', `${file.name} does not have the size announced (${file.size} bytes).`, 0);

/** Encrypts a file's content chunk by chunk; fails if the content does not have the announced size. */
async function* encryptContent(key: CryptoKey, file: FileSource): AsyncGenerator<Uint8Array> {
  let index = 0;
  let plain = 0;
  for await (const { bytes, last } of pieces(file.content, fileChunkBytes)) {
    plain += bytes.length;
    if (plain > file.size || (last && plain !== file.size)) throw sizeChanged(file);
    yield encryptChunk(key, index++, bytes, last);
  }
}

/** Decrypts a file's ciphertext chunk by chunk; fails with FILE_ALTERED on any change. */
async function* decryptContent(key: CryptoKey, cipher: AsyncIterable<Uint8Array>, fileId: string): AsyncGenerator<Uint8Array> {
  let index = 0;
  for await (const { bytes, last } of pieces(cipher, fileChunkBytes + tagBytes)) {
    const iv = chunkNonce(index++) as BufferSource;
    yield new Uint8Array(
      await crypto.subtle
        .decrypt(
          { name: 'AES-GCM', iv, additionalData: (last ? chunkData.last : chunkData.more) as BufferSource },
          key,
          bytes as BufferSource,
        )
        .catch(() => {
          throw new IlotClientError('FILE_ALTERED', `File ${fileId} cannot be decrypted: it was altered.`, 0);
        }),
    );
  }
}

/** A request body that pulls from a generator as the connection drains. */
function streamOf(source: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

/** A response body as an async iterable (browsers do not all iterate streams yet). */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    await reader.cancel();
  }
}

/** The keyed tag of a file name in a note: the same for all its revisions, meaningless to the server. */
async function nameTag(client: IlotClient, noteId: string, name: string, group?: GroupKeys): Promise<string> {
  const key = group
    ? await crypto.subtle.importKey('raw', groupNameTagKey(group) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    : client.member.keys.fileNameKey;
  return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', key, textEncoder.encode(`${noteId}\n${name}`))));
}

/** Cipher chunks per request of a chunked upload: about 1 MiB, well under the site's bound on a chunk. */
const chunksPerRequest = 16;
/** Failures in a row, without a byte gained, before a chunked upload gives up. */
const maxAttempts = 5;
/** What a retry may cure: the network, a busy or restarting site, a chunk the site did not see whole. */
const transient = new Set<ErrorCode>([
  'SITE_UNREACHABLE',
  'UPLOAD_INTERRUPTED',
  'UPLOAD_BUSY',
  'UPLOAD_OFFSET_MISMATCH',
  'REQUEST_TIMEOUT',
  'SHUTTING_DOWN',
  'DB_BUSY',
  'DB_UNAVAILABLE',
  'INTERNAL',
]);

/** The ciphertext from `offset` to the end of the `chunksPerRequest` cipher chunks it falls in, encrypted again from the plaintext. */
async function cipherFrom(key: CryptoKey, file: ReadableSource, offset: number): Promise<Uint8Array> {
  const cipherChunk = fileChunkBytes + tagBytes;
  const count = Math.max(1, Math.ceil(file.size / fileChunkBytes));
  const first = Math.floor(offset / cipherChunk);
  const parts: Uint8Array[] = [];
  for (let index = first; index < Math.min(count, first + chunksPerRequest); index++) {
    const [start, end] = [index * fileChunkBytes, Math.min(file.size, (index + 1) * fileChunkBytes)];
    const bytes = await file.read(start, end);
    if (bytes.length !== end - start) throw sizeChanged(file);
    parts.push(await encryptChunk(key, index, bytes, index === count - 1));
  }
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (whole.set(p, at), at + p.length), 0);
  return whole.subarray(offset - first * cipherChunk);
}

/** Sends a reserved file's ciphertext in chunks, each from where the site says it stands after a failure. */
async function uploadInChunks(
  client: IlotClient,
  path: string,
  key: CryptoKey,
  file: ReadableSource,
  onProgress: (sent: number, total: number) => void,
): Promise<void> {
  const total = cipherSize(file.size);
  const put = async (range: string, body?: Uint8Array) => {
    const response = await client.request(path, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${range}/${total}` },
      body: (body ?? new Uint8Array(0)) as BodyInit,
    });
    return ((await response.json()) as { offset: number }).offset;
  };
  let offset = 0;
  let failures = 0;
  onProgress(0, total);
  while (offset < total) {
    try {
      const body = await cipherFrom(key, file, offset);
      offset = await put(`${offset}-${offset + body.length - 1}`, body);
      failures = 0;
      onProgress(offset, total);
    } catch (error) {
      if (!(error instanceof IlotClientError && transient.has(error.code)) || ++failures >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** failures));
      // Where the site stands: what it kept of the chunk that failed, if anything.
      offset = await put('*').catch(() => offset);
    }
  }
}

/**
 * Attaches a file to a note: reserves its size, sends its encrypted content, then validates it.
 * A stream goes in one request; a readable source (a browser's File) goes in chunks with progress,
 * resumed after a network failure. A file of a name the note already has is a new revision;
 * `keep: 'latest'` drops the earlier ones. An upload that fails is abandoned, so that its
 * reservation does not count.
 */
export async function attachFile(
  client: IlotClient,
  noteId: string,
  file: FileSource | ReadableSource,
  options: {
    keep?: 'all' | 'latest';
    onProgress?: (sent: number, total: number) => void;
    thumbnail?: string;
    /** A group note's file: its metadata is sealed under the group key, for every member who reads the notes. */
    group?: GroupKeys;
  } = {},
): Promise<OutputOf<'file.validate'>> {
  const rawKey = newAesKeyBytes();
  const meta: FileMeta = { name: file.name, type: file.type, size: file.size, key: toBase64Url(rawKey), createdAt: Date.now() };
  const sealingKey = options.group ? options.group.current.key : client.member.keys.accountKey;
  const seal = (sealed: FileMeta) => sealJson(sealingKey, sealed, 'file-meta');
  const withThumbnail = options.thumbnail === undefined ? null : await seal({ ...meta, thumbnail: options.thumbnail });
  const reserved = await client.call('file.reserve', {
    noteId,
    nameTag: await nameTag(client, noteId, file.name, options.group),
    size: cipherSize(file.size),
    // A thumbnail too large for the bound (a long name leaves less room) is left out, not the file.
    meta: withThumbnail && withThumbnail.length <= fileMetaMaxLength ? withThumbnail : await seal(meta),
  });
  try {
    const key = await importAesKey(rawKey);
    if ('read' in file) await uploadInChunks(client, reserved.uploadPath, key, file, options.onProgress ?? (() => undefined));
    else
      await client.request(reserved.uploadPath, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: streamOf(encryptContent(key, file)),
        duplex: 'half',
      });
    return await client.call('file.validate', { fileId: reserved.fileId, keep: options.keep ?? 'all' });
  } catch (error) {
    await client.call('file.delete', { fileId: reserved.fileId }).catch(() => undefined);
    throw error;
  }
}

/** Deletes one file (one revision). */
export async function deleteFile(client: IlotClient, fileId: string): Promise<OutputOf<'file.delete'>> {
  return client.call('file.delete', { fileId });
}

/** Keeps only this revision of a file: the other files of its name in the note go. */
export async function keepRevision(client: IlotClient, fileId: string): Promise<OutputOf<'file.keepRevision'>> {
  return client.call('file.keepRevision', { fileId });
}

async function openMeta(client: IlotClient, file: StoredFile, group?: GroupKeys): Promise<FileMeta> {
  const meta = group
    ? await openUnderGroup<FileMeta>(group, file.meta, 'file-meta')
    : await openJson<FileMeta>(client.member.keys.accountKey, file.meta, 'file-meta').catch(() => null);
  if (meta === null) throw new IlotClientError('FILE_ALTERED', `File ${file.id} cannot be decrypted: it was altered.`, 0);
  return meta;
}

/** The files of a note in the local store, opened, by name then oldest first (a group note's with its group's keys). */
export async function noteFiles(client: IlotClient, store: LocalStore, noteId: string, group?: GroupKeys): Promise<NoteFile[]> {
  const stored = (await store.files()).filter((f) => f.noteId === noteId).sort((a, b) => a.version - b.version || a.id.localeCompare(b.id));
  const opened = await Promise.all(stored.map(async (f) => ({ stored: f, meta: await openMeta(client, f, group) })));
  return opened
    .map(({ stored: f, meta }) => ({
      id: f.id,
      noteId: f.noteId,
      name: meta.name,
      type: meta.type,
      size: meta.size,
      createdAt: meta.createdAt ?? f.createdAt,
      version: f.version,
      revisions: stored.filter((other) => other.nameTag === f.nameTag).map((other) => other.id),
      ...(meta.thumbnail === undefined ? {} : { thumbnail: meta.thumbnail }),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/** A file's content, decrypted as it streams from the server (a group note's with its group's keys); fails with FILE_ALTERED if anything was changed. */
export async function* downloadFile(client: IlotClient, file: StoredFile, group?: GroupKeys): AsyncGenerator<Uint8Array> {
  const response = await client.request(`/api/files/${file.id}`, { method: 'GET' });
  if (!response.body) throw new IlotClientError('FILE_ALTERED', `File ${file.id} came back empty.`, 0);
  yield* decryptFile(client, file, response.body, group);
}

/**
 * A file's content decrypted from its ciphertext as `GET /api/files/:id` sends it, wherever that
 * ciphertext was kept (a browser keeps it for offline mode); no request is made. Fails with
 * FILE_ALTERED if anything was changed, cut off or swapped with another file's.
 */
export async function* decryptFile(
  client: IlotClient,
  file: StoredFile,
  cipher: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  group?: GroupKeys,
): AsyncGenerator<Uint8Array> {
  const meta = await openMeta(client, file, group);
  const chunks = cipher instanceof ReadableStream ? chunksOf(cipher) : cipher;
  let plain = 0;
  for await (const bytes of decryptContent(await importAesKey(fromBase64Url(meta.key)), chunks, file.id)) {
    plain += bytes.length;
    yield bytes;
  }
  if (plain !== meta.size) throw new IlotClientError('FILE_ALTERED', `File ${file.id} does not have its recorded size.`, 0);
}
