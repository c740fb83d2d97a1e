import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { IlotError } from '../shared/errors.js';

// A space archive is a stream of records, written and read in one pass:
//
//   ILOT-SPACE-ARCHIVE 1\n
//   <head>\n <body: head.bytes bytes> <SHA-256 of the body, 64 hex digits>\n     (repeated)
//
// A head is one line of JSON: `{"kind":"header"|"rows"|"file"|"manifest","bytes":n,…}`. The first
// record is the header (versions, first: a newer archive is refused before anything else is read),
// then the rows of each table as NDJSON pages, then each file of the space as it is in the file
// store (still encrypted), then the manifest, whose body also holds the archive's SHA-256: of every
// byte before it but the bodies, which their own checksums stand for (so that bodies are hashed once).
// Nothing may follow the manifest: a truncated archive has none, a tampered one fails a hash.

export const magic = 'ILOT-SPACE-ARCHIVE 1\n';

/** Longest head line a reader accepts: a head names a table or a file, never more. */
const maxHeadBytes = 4096;

export type RecordHead =
  | { kind: 'header'; bytes: number }
  | { kind: 'rows'; table: string; rows: number; bytes: number }
  | { kind: 'file'; name: string; bytes: number }
  | { kind: 'manifest'; bytes: number };

/** A head as a writer gives it: its body's length is counted for it. */
export type NewHead = { [K in RecordHead['kind']]: Omit<Extract<RecordHead, { kind: K }>, 'bytes'> }[RecordHead['kind']];

const corrupt = (what: string) =>
  new IlotError('ARCHIVE_CORRUPT', `This space archive is truncated or altered (${what}); nothing was imported.`);

/** Where a writer's bytes go, in order; the writer changes no buffer it has handed over. */
export interface ArchiveSink {
  /** Takes chunks; may return before they are written. */
  write(chunks: Buffer[]): Promise<void>;
  /** Returns once everything taken is written. */
  end(): Promise<void>;
}

/**
 * Writes to a file from its start with positioned writes, no stream machinery. One write is in
 * flight: `write` returns once the one before is done, so that the caller reads its next chunk
 * while this one is written.
 */
export class FileOutput implements ArchiveSink {
  private position = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly handle: FileHandle) {}

  async write(chunks: Buffer[]): Promise<void> {
    await this.inFlight;
    this.inFlight = this.writeAll(chunks);
    // Awaited by the next write or by end; a failure meanwhile must not be an unhandled rejection.
    this.inFlight.catch(() => undefined);
  }

  end(): Promise<void> {
    return this.inFlight;
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    let left = chunks;
    while (left.length > 0) {
      const { bytesWritten } = await this.handle.writev(left, this.position);
      this.position += bytesWritten;
      // A short write (a file size limit reached…): the rest again, which reports the error.
      left = skipBytes(left, bytesWritten);
    }
  }
}

function skipBytes(chunks: Buffer[], n: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const chunk of chunks) {
    if (n >= chunk.length) n -= chunk.length;
    else {
      rest.push(n > 0 ? chunk.subarray(n) : chunk);
      n = 0;
    }
  }
  return rest;
}

/**
 * Bytes read from a file in fresh chunks (a reader may keep them): faster than a read stream. The
 * next chunk is read while the caller works on this one.
 */
export async function* fileChunks(path: string, chunkBytes = 1024 * 1024): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  const read = async () => {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await handle.read(chunk, 0, chunkBytes, null);
    return chunk.subarray(0, bytesRead);
  };
  let next = read();
  try {
    for (let chunk = await next; chunk.length > 0; chunk = await next) {
      next = read();
      yield chunk;
    }
  } finally {
    // The caller may stop early: the read under way ends before the file is closed.
    await next.catch(() => undefined);
    await handle.close();
  }
}

/** Heads and checksums wait for the next body, to go into the same write. */
const smallWrite = 64 * 1024;

/** Writes records to a sink; counts and hashes every byte written. */
export class ArchiveWriter {
  bytes = 0;
  private readonly whole: Hash = createHash('sha256');
  private held: Buffer[] = [];

  constructor(private readonly sink: ArchiveSink) {}

  /** Writes bytes; all but bodies go into the archive's hash. */
  private async write(chunk: Buffer | string, body = false): Promise<void> {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!body) this.whole.update(buffer);
    this.bytes += buffer.length;
    this.held.push(buffer);
    if (buffer.length >= smallWrite) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunks = this.held;
    this.held = [];
    await this.sink.write(chunks);
  }

  async start(): Promise<void> {
    await this.write(magic);
  }

  /** Writes what is held and waits until every write is done. */
  async end(): Promise<void> {
    if (this.held.length) await this.flush();
    await this.sink.end();
  }

  /** The archive's SHA-256 so far, bodies left out (the manifest's `archiveSha256`). */
  digestSoFar(): string {
    return this.whole.copy().digest('hex');
  }

  /** A record whose body is in memory (a page of rows, the header, the manifest). */
  async record(head: NewHead, body: Buffer): Promise<void> {
    await this.write(JSON.stringify({ ...head, bytes: body.length }) + '\n');
    await this.write(body, true);
    await this.write(createHash('sha256').update(body).digest('hex') + '\n');
  }

  /** A record whose body is streamed (a file); it must be exactly `bytes` long. */
  async streamed(head: NewHead, bytes: number, body: AsyncIterable<Buffer>): Promise<void> {
    await this.write(JSON.stringify({ ...head, bytes }) + '\n');
    const hash = createHash('sha256');
    let written = 0;
    for await (const chunk of body) {
      hash.update(chunk);
      written += chunk.length;
      if (written > bytes) break;
      await this.write(chunk, true);
    }
    if (written !== bytes) throw new Error(`a file changed size while it was exported (${bytes} bytes expected, ${written} read)`);
    await this.write(hash.digest('hex') + '\n');
  }
}

/** Reads a stream of records, checking each body's hash; knows the offset of every body. */
export class ArchiveReader {
  /** Bytes consumed so far: where the next record starts. */
  offset = 0;
  private buffered: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly whole: Hash = createHash('sha256');

  constructor(input: AsyncIterable<Buffer>) {
    this.chunks = input[Symbol.asyncIterator]();
  }

  /** Lets go of the input (its file closed) when the reading stops before the end, e.g. at a refusal. */
  async close(): Promise<void> {
    this.done = true;
    await this.chunks.return?.();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, next.value]) : next.value;
    return true;
  }

  /** Takes bytes; all but bodies go into the archive's hash. */
  private consume(n: number, body = false): Buffer {
    const taken = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    this.offset += n;
    if (!body) this.whole.update(taken);
    return taken;
  }

  /** Up to a newline, at most `max` bytes; null at the end of the stream. */
  private async line(max: number, what: string): Promise<string | null> {
    for (;;) {
      const end = this.buffered.indexOf(0x0a);
      if (end >= 0 && end <= max) return this.consume(end + 1).toString('utf8', 0, end);
      if (this.buffered.length > max) throw corrupt(`${what} too long`);
      if (!(await this.fill())) {
        if (this.buffered.length === 0) return null;
        throw corrupt(`${what} cut short`);
      }
    }
  }

  /** Checks the first line; ARCHIVE_CORRUPT when the stream is not a space archive. */
  async start(): Promise<void> {
    const line = await this.line(magic.length, 'first line');
    if (line === null || `${line}\n` !== magic) throw corrupt('not an Ilot space archive');
  }

  /** The archive's SHA-256 so far, bodies left out. */
  digestSoFar(): string {
    return this.whole.copy().digest('hex');
  }

  /** The next record's head; null at the end of the stream. */
  async head(): Promise<RecordHead | null> {
    const line = await this.line(maxHeadBytes, 'record head');
    if (line === null) return null;
    let head: unknown;
    try {
      head = JSON.parse(line);
    } catch {
      throw corrupt('a record head is not JSON');
    }
    if (!isHead(head)) throw corrupt('a record head is not one Ilot writes');
    return head;
  }

  /** The body of the record whose head was just read, chunk by chunk, its hash checked at the end. */
  async *body(head: RecordHead): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let left = head.bytes;
    while (left > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) throw corrupt('a record is cut short');
      const chunk = this.consume(Math.min(left, this.buffered.length), true);
      hash.update(chunk);
      left -= chunk.length;
      yield chunk;
    }
    const line = await this.line(64, 'record checksum');
    if (line !== hash.digest('hex')) throw corrupt(`the checksum of ${describeHead(head)} does not match`);
  }

  /** A whole body in memory (rows pages, header, manifest: bounded by the writer). */
  async bodyBuffer(head: RecordHead): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.body(head)) parts.push(chunk);
    return Buffer.concat(parts);
  }

  /** Throws unless the stream has ended. */
  async end(): Promise<void> {
    if (this.buffered.length > 0 || (await this.fill())) throw corrupt('bytes follow the manifest');
  }
}

export const describeHead = (head: RecordHead) =>
  head.kind === 'rows' ? `rows of ${head.table}` : head.kind === 'file' ? `file ${head.name}` : `the ${head.kind}`;

// Bodies are bounded so that a tampered head cannot make a reader allocate without end.
const maxMemoryBody = 64 * 1024 * 1024;

function isHead(value: unknown): value is RecordHead {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as Record<string, unknown>;
  const { bytes } = head;
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return false;
  switch (head.kind) {
    case 'header':
    case 'manifest':
      return bytes <= maxMemoryBody;
    case 'rows':
      return typeof head.table === 'string' && Number.isSafeInteger(head.rows) && (head.rows as number) >= 0 && bytes <= maxMemoryBody;
    case 'file':
      return typeof head.name === 'string';
    default:
      return false;
  }
}

export { corrupt as archiveCorrupt };
