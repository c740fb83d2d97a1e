import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Flushes to the disk everything written on the file system that holds `path`: file data, new
 * folders, renames. One syncfs (Node has no binding: coreutils' `sync -f`) lets the disk write the
 * dirty data in one go, where a flush per file waits for the disk once per file. A write error of
 * the disk makes it fail (Linux 5.8 and later).
 */
export async function syncFileSystem(path: string): Promise<void> {
  await run('sync', ['-f', path]);
}
