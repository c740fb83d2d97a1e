import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
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

// The rename is durable only once the directory entry is on disk.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files under one directory: `<root>/<spaceId>/<name>`, written through `<root>/.tmp`. */
export class LocalFileStore implements FileStore {
  readonly root: string;

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
      const handle = await open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await mkdir(join(target, '..'), { recursive: true });
      await rename(temp, target);
      await syncDirectory(join(target, '..'));
    } catch (error) {
      await rm(temp, { force: true });
      throw conflictOr(error);
    }
    return (await this.stat(spaceId, name))!;
  }

  async get(spaceId: number, name: string): Promise<Readable> {
    const path = this.pathOf(spaceId, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new IlotError('FILE_NOT_FOUND');
    return createReadStream(path);
  }

  async delete(spaceId: number, name: string): Promise<boolean> {
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
