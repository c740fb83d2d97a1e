import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { syncFileSystem } from '../store/files/sync-file-system.js';
import { copyAndHash, hashFile } from './hash.js';
import { inLanes } from './lanes.js';
import { objectPath, objectsFolder, tempPrefix } from './layout.js';

/** A file of the file store as a backup records it; `ino` and `mtimeMs` let the next backup skip reading it again. */
export interface FileEntry {
  space: number;
  name: string;
  bytes: number;
  sha256: string;
  mtimeMs: number;
  ino: number;
}

const parallelCopies = 4;
const parallelRenames = 16;

const keyOf = (e: { space: number; name: string }) => `${e.space}/${e.name}`;

/** Every file of the local file store (`<root>/<space>/<name>`), its temporary writes left out. */
async function* storeFiles(root: string): AsyncGenerator<{ space: number; name: string; path: string }> {
  const spaces = await readdir(root, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const space of spaces.filter((d) => d.isDirectory() && /^\d{1,2}$/.test(d.name)).sort((a, b) => Number(a.name) - Number(b.name))) {
    const spaceRoot = join(root, space.name);
    const entries = await readdir(spaceRoot, { recursive: true, withFileTypes: true });
    const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    for (const path of paths.sort()) yield { space: Number(space.name), name: relative(spaceRoot, path).split(sep).join('/'), path };
  }
}

/**
 * Copies a file into the objects by its content, under a temporary name: copied by the kernel (a
 * clone where the file system can), then the copy hashed, so that the name it will take is the hash
 * of what is stored even if the file was replaced meanwhile. `pending` gathers the new contents
 * (hash to temporary path): a content already stored, or already pending, is dropped.
 */
async function storeObject(backupRoot: string, path: string, pending: Map<string, string>): Promise<{ sha256: string; bytes: number }> {
  const temp = join(backupRoot, objectsFolder, `${tempPrefix}${randomUUID()}`);
  try {
    const { sha256, bytes } = await copyAndHash(path, temp);
    if (pending.has(sha256)) await rm(temp);
    else {
      pending.set(sha256, temp);
      if (await stat(objectPath(backupRoot, sha256)).catch(() => null)) {
        pending.delete(sha256);
        await rm(temp);
      }
    }
    return { sha256, bytes };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Copies every file of the store into the objects, by content: a file already stored (by an earlier
 * backup, or twice in this one) takes no more room. A file unchanged since `previous` (same inode,
 * size and time: the file store replaces files by renaming, never in place) is not read again.
 * New objects take their names only once their bytes are on disk (one flush of the file system for
 * all of them); the caller flushes again before the backup names them.
 */
export async function copyFiles(
  filesRoot: string,
  backupRoot: string,
  previous: FileEntry[],
  onFile: () => Promise<void>,
): Promise<FileEntry[]> {
  const known = new Map(previous.map((e) => [keyOf(e), e]));
  await mkdir(join(backupRoot, objectsFolder), { recursive: true });
  const files: { space: number; name: string; path: string }[] = [];
  for await (const file of storeFiles(filesRoot)) files.push(file);
  const entries: (FileEntry | null)[] = new Array<FileEntry | null>(files.length).fill(null);
  const pending = new Map<string, string>();
  const copyOne = async (i: number): Promise<void> => {
    const file = files[i]!;
    const info = await stat(file.path).catch(() => null);
    // Deleted since it was listed: the database copy, taken first, may still name it; the purge task would have removed it.
    if (!info) return;
    const before = known.get(keyOf(file));
    const unchanged =
      before &&
      before.ino === info.ino &&
      before.mtimeMs === info.mtimeMs &&
      before.bytes === info.size &&
      (await stat(objectPath(backupRoot, before.sha256)).catch(() => null));
    const { sha256, bytes } = unchanged ? before : await storeObject(backupRoot, file.path, pending);
    entries[i] = { space: file.space, name: file.name, bytes, sha256, mtimeMs: info.mtimeMs, ino: info.ino };
    await onFile();
  };
  try {
    // A few files at once: each is a handful of short steps, which requests served meanwhile would otherwise space out.
    await inLanes(files.length, parallelCopies, copyOne);
    if (pending.size) await syncFileSystem(backupRoot);
  } catch (error) {
    await Promise.all([...pending.values()].map((temp) => rm(temp, { force: true })));
    throw error;
  }
  // From here a failure leaves temporary objects, which the rotation removes a day later.
  const named = [...pending];
  await Promise.all(
    [...new Set(named.map(([sha256]) => dirname(objectPath(backupRoot, sha256))))].map((d) => mkdir(d, { recursive: true })),
  );
  await inLanes(named.length, parallelRenames, (i) => rename(named[i]![1], objectPath(backupRoot, named[i]![0])));
  return entries.filter((e) => e !== null);
}

export async function writeFilesList(path: string, entries: FileEntry[]): Promise<void> {
  await writeFile(path, JSON.stringify({ entries }), { flag: 'wx' });
}

export async function readFilesList(path: string): Promise<FileEntry[]> {
  return (JSON.parse(await readFile(path, 'utf8')) as { entries: FileEntry[] }).entries;
}

/**
 * The objects that are missing or whose content no longer has their hash. An altered object is
 * renamed aside (`<hash>.damaged`, removed by the next rotation): the next backup finds the name free
 * and stores the file again, where it would otherwise keep pointing at the damaged copy.
 */
export async function damagedObjects(backupRoot: string, entries: FileEntry[], onFile: () => Promise<void>): Promise<string[]> {
  const damaged: string[] = [];
  const checked = new Set<string>();
  for (const entry of entries) {
    if (checked.has(entry.sha256)) continue;
    checked.add(entry.sha256);
    const path = objectPath(backupRoot, entry.sha256);
    const found = await hashFile(path).catch(() => null);
    if (!found || found.sha256 !== entry.sha256 || found.bytes !== entry.bytes) {
      damaged.push(`${entry.space}/${entry.name}`);
      if (found) await rename(path, `${path}.damaged`);
    }
    await onFile();
  }
  return damaged;
}

/**
 * Puts the backup's files in place of the store's: each space folder is first written aside, inside
 * the store (same file system, even when the store is a mount point), then swapped in by renames.
 * Space folders absent from the backup are removed.
 */
export async function restoreFiles(backupRoot: string, entries: FileEntry[], filesRoot: string): Promise<void> {
  const work = join(filesRoot, `.restore-${randomUUID()}`);
  const incoming = join(work, 'new');
  const outgoing = join(work, 'old');
  await mkdir(outgoing, { recursive: true });
  try {
    for (const entry of entries) {
      const target = join(incoming, String(entry.space), ...entry.name.split('/'));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(objectPath(backupRoot, entry.sha256), target);
    }
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
  // From here a failure leaves `work` as it is: what was swapped out is still there to put back by hand.
  const current = (await readdir(filesRoot, { withFileTypes: true })).filter((d) => d.isDirectory() && /^\d{1,2}$/.test(d.name));
  for (const space of current) await rename(join(filesRoot, space.name), join(outgoing, space.name));
  const restored = await readdir(incoming).catch(() => [] as string[]);
  for (const space of restored) await rename(join(incoming, space), join(filesRoot, space));
  await rm(work, { recursive: true, force: true });
}
