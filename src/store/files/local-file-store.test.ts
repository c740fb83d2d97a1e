import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/engines.js';
import { IlotError } from '../../shared/errors.js';
import { LocalFileStore } from './local-file-store.js';

const from = (content: string | Buffer) => Readable.from([Buffer.from(content)]);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof IlotError)) throw new Error(`expected an IlotError, got ${String(error)}`);
  return error.code;
}

describe('local file store', () => {
  let root: string;
  let files: LocalFileStore;
  beforeEach(async () => {
    root = join(tempDir(), 'files');
    files = await LocalFileStore.open(root);
  });

  it('writes, stats, reads back and deletes a file in its space folder', async () => {
    const content = Buffer.alloc(300_000, 7);
    const stat = await files.put(12, 'notes/n1/f1', from(content));
    expect(stat.size).toBe(300_000);
    expect(existsSync(join(root, '12', 'notes', 'n1', 'f1'))).toBe(true);
    const back = Buffer.concat(await (await files.get(12, 'notes/n1/f1')).toArray());
    expect(back.equals(content)).toBe(true);
    expect(await files.delete(12, 'notes/n1/f1')).toBe(true);
    expect(await files.delete(12, 'notes/n1/f1')).toBe(false);
    expect(await files.stat(12, 'notes/n1/f1')).toBeNull();
    expect(await codeOf(files.get(12, 'notes/n1/f1'))).toBe('FILE_NOT_FOUND');
  });

  it('keeps spaces apart', async () => {
    await files.put(12, 'a', from('twelve'));
    await files.put(13, 'a', from('thirteen'));
    expect(await text(await files.get(12, 'a'))).toBe('twelve');
    expect(await files.list(13)).toEqual(['a']);
    await files.deletePrefix(12, '');
    expect(await files.list(12)).toEqual([]);
    expect(await text(await files.get(13, 'a'))).toBe('thirteen');
  });

  it('lists and deletes everything under a folder', async () => {
    for (const name of ['n1/a', 'n1/b', 'n1/sub/c', 'n2/a']) await files.put(20, name, from(name));
    expect(await files.list(20)).toEqual(['n1/a', 'n1/b', 'n1/sub/c', 'n2/a']);
    expect(await files.list(20, 'n1')).toEqual(['n1/a', 'n1/b', 'n1/sub/c']);
    expect(await files.deletePrefix(20, 'n1')).toBe(3);
    expect(await files.list(20)).toEqual(['n2/a']);
    expect(await files.list(20, 'nothing-here')).toEqual([]);
  });

  it('replaces a file atomically and leaves the old one intact when a write fails', async () => {
    await files.put(12, 'doc', from('version 1'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(files.put(12, 'doc', failing)).rejects.toThrow('client went away');
    expect(await text(await files.get(12, 'doc'))).toBe('version 1');
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
    await files.put(12, 'doc', from('version 2'));
    expect(await text(await files.get(12, 'doc'))).toBe('version 2');
  });

  it('appends chunks to an unfinished file, visible only once complete, and resumes after a failed chunk', async () => {
    const content = Buffer.from('0123456789abcdefghij');
    const at = (offset: number) => ({ offset, size: content.length });
    expect(await files.append(12, 'n/f', at(0), from(content.subarray(0, 8)))).toBe(8);
    expect(await files.heldOf(12, 'n/f')).toBe(8);
    expect(await files.stat(12, 'n/f')).toBeNull();
    // A chunk cut off midway leaves what was held before it.
    const cut = new Readable({
      read() {
        this.push(content.subarray(8, 11));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(files.append(12, 'n/f', at(8), cut)).rejects.toThrow('client went away');
    expect(await files.heldOf(12, 'n/f')).toBe(8);
    // A chunk that does not start where the file stands is refused, and says where it stands.
    const refused = await files.append(12, 'n/f', at(4), from(content.subarray(4, 8))).then(
      () => null,
      (e: IlotError) => e,
    );
    expect([refused?.code, refused?.details]).toEqual(['UPLOAD_OFFSET_MISMATCH', { offset: 8 }]);
    expect(await codeOf(files.append(12, 'n/f', at(12), from(content.subarray(12))))).toBe('UPLOAD_OFFSET_MISMATCH');
    expect(await files.append(12, 'n/f', at(8), from(content.subarray(8)))).toBe(20);
    expect(await text(await files.get(12, 'n/f'))).toBe(content.toString());
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
    expect(await files.heldOf(12, 'n/f')).toBe(20);
    expect(await codeOf(files.append(12, 'n/f', at(8), from(content.subarray(8))))).toBe('UPLOAD_OFFSET_MISMATCH');
  });

  it('writes one chunk of an unfinished file at a time, and refuses one that overflows its size', async () => {
    const slow = new Readable({ read() {} });
    const first = files.append(12, 'f', { offset: 0, size: 10 }, slow);
    slow.push(Buffer.from('01234'));
    // The same chunk again, while the first is still being written.
    expect(await codeOf(files.append(12, 'f', { offset: 0, size: 10 }, from('01234')))).toBe('UPLOAD_BUSY');
    expect(await codeOf(files.heldOf(12, 'f'))).toBe('UPLOAD_BUSY');
    slow.push(null);
    expect(await first).toBe(5);
    expect(await codeOf(files.append(12, 'f', { offset: 5, size: 10 }, from('56789X')))).toBe('UPLOAD_SIZE_MISMATCH');
    expect(await files.heldOf(12, 'f')).toBe(5);
    expect(await files.append(12, 'f', { offset: 5, size: 10 }, from('56789'))).toBe(10);
    expect(await text(await files.get(12, 'f'))).toBe('0123456789');
  });

  it('drops an unfinished file with its name, and leaves a stale one to the temporary files removal', async () => {
    await files.append(12, 'gone', { offset: 0, size: 10 }, from('01234'));
    expect(await files.delete(12, 'gone')).toBe(false);
    expect(await files.heldOf(12, 'gone')).toBe(0);
    await files.append(12, 'stale', { offset: 0, size: 10 }, from('01234'));
    const [part] = readdirSync(join(root, '.tmp'));
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(join(root, '.tmp', part!), twoDaysAgo, twoDaysAgo);
    expect(await files.removeStaleTemps(86_400_000)).toBe(1);
    expect(await files.heldOf(12, 'stale')).toBe(0);
  });

  it.each([
    ['../escape'],
    ['a/../../escape'],
    ['/etc/passwd'],
    ['a//b'],
    ['a/./b'],
    ['.hidden'],
    ['a\0b'],
    ['a\\b'],
    ['C:\\windows'],
    [''],
    ['x'.repeat(600)],
  ])('refuses the name %j without touching the disk', async (name) => {
    expect(await codeOf(files.put(12, name, from('x')))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.get(12, name))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.delete(12, name))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.stat(12, name))).toBe('FILE_NAME_INVALID');
    expect(readdirSync(root).sort()).toEqual(['.tmp']);
  });

  it('refuses a name used both as a file and as a folder with FILE_CONFLICT', async () => {
    await files.put(12, 'a', from('file'));
    expect(await codeOf(files.put(12, 'a/b', from('x')))).toBe('FILE_CONFLICT');
    await files.put(12, 'd/e', from('x'));
    expect(await codeOf(files.put(12, 'd', from('x')))).toBe('FILE_CONFLICT');
    expect(await codeOf(files.delete(12, 'd'))).toBe('FILE_CONFLICT');
    expect(await text(await files.get(12, 'a'))).toBe('file');
  });

  it('refuses folders that escape and space ids that are not space numbers', async () => {
    expect(await codeOf(files.deletePrefix(12, '..'))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.list(12, '../13'))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.put(-1, 'a', from('x')))).toBe('FILE_NAME_INVALID');
    expect(await codeOf(files.put(1.5, 'a', from('x')))).toBe('FILE_NAME_INVALID');
  });

  it('removes temporary files a crash left a day ago or more, and only those', async () => {
    const old = join(root, '.tmp', 'left-by-crash');
    const recent = join(root, '.tmp', 'upload-in-progress');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'x');
    const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    await LocalFileStore.open(root);
    expect(readdirSync(join(root, '.tmp'))).toEqual(['upload-in-progress']);
  });

  it('passes its check when writable, fails it when the directory is gone', async () => {
    await expect(files.check()).resolves.toBeUndefined();
    rmSync(root, { recursive: true });
    writeFileSync(root, 'not a directory');
    await expect(files.check()).rejects.toThrow();
  });
});
