import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, truncate, unlink, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IlotError } from '../../shared/errors.js';
import type { FileStat, FileStore } from './file-store.js';
import { checkSpaceId, fileNameSegments } from './names.js';

const tempFolder = '.tmp';
const staleTempMs = 24 * 3600_000;

const conflictCodes = new Set(['EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY']);

/** A name used both as a file and as a folder is the caller's mistake, not a server fault. */
function conflictOr(error: unknown): unknown {
  return conflictCodes.has((error as NodeJS.ErrnoException).code ?? '') ? new IlotError('FILE_CONFLICT') : error;
}

// A file's bytes, or a rename, are durable only once on disk (a rename: its directory).
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const sizeOf = async (path: string) => (await stat(path).catch(() => null))?.size ?? null;

/** Files under one directory: `<root>/<spaceId>/<name>`, written through `<root>/.tmp`. */
export class LocalFileStore implements FileStore {
  readonly root: string;
  /** Unfinished files being written to now: one write at a time each (one server process per store). */
  private readonly appending = new Set<string>();

  private constructor(root: string) {
    this.root = root;
  }

  /** Creates the directory if needed and removes temporary files left by a crash a day ago or more. */
  static async open(dir: string): Promise<LocalFileStore> {
    const store = new LocalFileStore(resolve(dir));
    await mkdir(join(store.root, tempFolder), { recursive: true });
    await store.removeStaleTemps(staleTempMs);
    return store;
  }

  async put(spaceId: number, name: string, content: Readable): Promise<FileStat> {
    const target = this.pathOf(spaceId, name);
    const temp = join(this.root, tempFolder, randomUUID());
    try {
      await pipeline(content, createWriteStream(temp, { flags: 'wx' }));
      await this.publish(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw conflictOr(error);
    }
    return (await this.stat(spaceId, name))!;
  }

  async append(spaceId: number, name: string, { offset, size }: { offset: number; size: number }, content: Readable): Promise<number> {
    const target = this.pathOf(spaceId, name);
    const part = this.partOf(spaceId, name);
    if (this.appending.has(part)) throw new IlotError('UPLOAD_BUSY');
    this.appending.add(part);
    try {
      const held = (await sizeOf(target)) ?? (await sizeOf(part)) ?? 0;
      if (held !== offset) throw new IlotError('UPLOAD_OFFSET_MISMATCH', undefined, { offset: held });
      try {
        await pipeline(content, createWriteStream(part, { flags: offset === 0 ? 'w' : 'r+', start: offset }));
        const now = (await sizeOf(part)) ?? 0;
        if (now > size) throw new IlotError('UPLOAD_SIZE_MISMATCH', undefined, { reserved: size, received: now });
        if (now < size) return now;
      } catch (error) {
        // Whole chunks or nothing: the next one starts where this one did.
        await truncate(part, offset).catch(() => undefined);
        throw error;
      }
      await this.publish(part, target).catch((error: unknown) => {
        throw conflictOr(error);
      });
      return size;
    } finally {
      this.appending.delete(part);
    }
  }

  async heldOf(spaceId: number, name: string): Promise<number> {
    if (this.appending.has(this.partOf(spaceId, name))) throw new IlotError('UPLOAD_BUSY');
    return (await sizeOf(this.pathOf(spaceId, name))) ?? (await sizeOf(this.partOf(spaceId, name))) ?? 0;
  }

  /** Makes a finished temporary file visible under its name at once, durably. */
  private async publish(temp: string, target: string): Promise<void> {
    await syncPath(temp);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(temp, target);
    await syncPath(join(target, '..'));
  }

  /** The unfinished file of a name, among the temporary files: stale ones are removed with them. */
  private partOf(spaceId: number, name: string): string {
    const key = createHash('sha256').update(`${spaceId}/${name}`).digest('hex');
    return join(this.root, tempFolder, `part-${key}`);
  }

  async get(spaceId: number, name: string): Promise<Readable> {
    const path = this.pathOf(spaceId, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new IlotError('FILE_NOT_FOUND');
    return createReadStream(path);
  }

  async delete(spaceId: number, name: string): Promise<boolean> {
    // One being written to now is left to the write's own failure or to the stale temporary files removal.
    if (!this.appending.has(this.partOf(spaceId, name))) await rm(this.partOf(spaceId, name), { force: true });
    try {
      await unlink(this.pathOf(spaceId, name));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw conflictOr(error);
    }
  }

  async deletePrefix(spaceId: number, folder: string): Promise<number> {
    const names = await this.list(spaceId, folder);
    await rm(this.pathOf(spaceId, folder, true), { recursive: true, force: true });
    return names.length;
  }

  async list(spaceId: number, folder = ''): Promise<string[]> {
    const base = this.pathOf(spaceId, folder, true);
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      throw error;
    });
    const spaceRoot = this.pathOf(spaceId, '', true);
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(spaceRoot, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort();
  }

  async stat(spaceId: number, name: string): Promise<FileStat | null> {
    const info = await stat(this.pathOf(spaceId, name)).catch(() => null);
    return info?.isFile() ? { size: info.size, modifiedAt: info.mtimeMs } : null;
  }

  async check(): Promise<void> {
    const probe = join(this.root, tempFolder, `probe-${randomUUID()}`);
    await writeFile(probe, 'ok');
    try {
      if ((await readFile(probe, 'utf8')) !== 'ok') throw new Error(`${this.root} did not read back what was written`);
    } finally {
      await rm(probe, { force: true });
    }
  }

  private pathOf(spaceId: number, name: string, folder = false): string {
    checkSpaceId(spaceId);
    const segments = fileNameSegments(name, { allowEmpty: folder });
    const spaceRoot = join(this.root, String(spaceId));
    const path = join(spaceRoot, ...segments);
    // Defence in depth: the checks above already make this impossible.
    if (path !== spaceRoot && !path.startsWith(spaceRoot + sep)) throw new IlotError('FILE_NAME_INVALID');
    return path;
  }

  async removeStaleTemps(olderThanMs: number): Promise<number> {
    const dir = join(this.root, tempFolder);
    let removed = 0;
    for (const entry of await readdir(dir)) {
      const info = await stat(join(dir, entry)).catch(() => null);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(join(dir, entry), { force: true });
        removed++;
      }
    }
    return removed;
  }
}
