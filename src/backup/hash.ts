import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Hashing is the CPU of a backup (SHA-256 of every byte): it runs, with the copies, on
// worker threads, so the server's event loop never waits for it, and at a lower scheduling
// priority (on Linux the nice value is per thread), so requests go first when the cores are busy.
// Files are read with blocking reads on those threads, leaving libuv's shared thread pool to the
// server. The worker is a script evaluated from this string: it runs the same from the sources
// (tests) as from the build.
const workerScript = `
const { parentPort } = require('node:worker_threads');
const { closeSync, constants, copyFileSync, openSync, readSync, unlinkSync, writeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { setPriority } = require('node:os');
try { setPriority(0, ${10}); } catch {}
const buffer = Buffer.allocUnsafe(${4 * 1024 * 1024});
// Cleared at the first file system that cannot clone: copies then go the one-pass way.
let canClone = true;
// Reads a file once, hashing each chunk read and, with an output, writing it there.
function pass(path, output) {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; bytes += n) {
      hash.update(buffer.subarray(0, n));
      if (output !== undefined) for (let at = 0; at < n; ) at += writeSync(output, buffer, at, n - at);
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}
function copyAndHash(path, copyTo) {
  if (canClone)
    try {
      copyFileSync(path, copyTo, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE_FORCE);
      return pass(copyTo);
    } catch (error) {
      if (error.code === 'EEXIST' || error.code === 'ENOENT') throw error;
      canClone = false;
      try { unlinkSync(copyTo); } catch {}
    }
  const output = openSync(copyTo, 'wx');
  try {
    return pass(path, output);
  } finally {
    closeSync(output);
  }
}
parentPort.on('message', ({ id, path, copyTo }) => {
  try {
    parentPort.postMessage({ id, result: copyTo ? copyAndHash(path, copyTo) : pass(path) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code, syscall: error.syscall, path: error.path } });
  }
});
`;

interface Job {
  id: number;
  path: string;
  copyTo?: string;
  done: (result: { sha256: string; bytes: number }) => void;
  failed: (error: Error) => void;
}

interface Hasher {
  worker: Worker;
  job: Job | null;
}

/** Worker threads that hash files one job each at a time; a worker keeps the process alive only while it works. */
class HashPool {
  private readonly hashers: Hasher[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  run(path: string, copyTo?: string): Promise<{ sha256: string; bytes: number }> {
    return new Promise((done, failed) => {
      this.queue.push({ id: this.nextId++, path, copyTo, done, failed });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length) {
      const hasher = this.hashers.find((h) => !h.job) ?? (this.hashers.length < this.size ? this.start() : undefined);
      if (!hasher) return;
      const job = this.queue.shift()!;
      hasher.job = job;
      hasher.worker.ref();
      hasher.worker.postMessage({ id: job.id, path: job.path, copyTo: job.copyTo });
    }
  }

  private start(): Hasher {
    const hasher: Hasher = { worker: new Worker(workerScript, { eval: true }), job: null };
    hasher.worker.unref();
    hasher.worker.on('message', (message: { result?: { sha256: string; bytes: number }; error?: Record<string, string> }) => {
      const job = hasher.job!;
      this.finish(hasher);
      if (message.error) job.failed(Object.assign(new Error(message.error.message), message.error));
      else job.done(message.result!);
    });
    // A worker that dies takes its job with it; the next job starts another.
    hasher.worker.on('error', (error) => {
      const job = hasher.job;
      this.hashers.splice(this.hashers.indexOf(hasher), 1);
      job?.failed(error);
      this.dispatch();
    });
    this.hashers.push(hasher);
    return hasher;
  }

  private finish(hasher: Hasher): void {
    hasher.job = null;
    hasher.worker.unref();
    this.dispatch();
  }
}

// One worker per core, at most four: more would only take turns on the same cores.
const pool = new HashPool(Math.max(1, Math.min(4, availableParallelism())));

/** SHA-256 (hex) and size of a file, read on a hashing thread. */
export function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  return pool.run(path);
}

/**
 * Copies a file to a new path that must not exist, on a hashing thread, and hashes what was
 * stored (even if the source is replaced meanwhile). Where the file system clones, a clone then one
 * read of it; elsewhere one pass that reads each chunk once, hashes it and writes it. Not flushed:
 * the caller flushes the file system once for every copy.
 */
export function copyAndHash(path: string, copyTo: string): Promise<{ sha256: string; bytes: number }> {
  return pool.run(path, copyTo);
}
