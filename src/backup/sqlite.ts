import { createRequire } from 'node:module';
import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';
import type { DatabaseCopy } from './database-copy.js';
import { countRows } from './row-counts.js';

const fileOf = (config: Config) => resolve(config.database.url.slice('sqlite:'.length));

// The long steps run in a worker thread with a connection of their own, so that the site's
// requests keep the event loop meanwhile. Source text rather than a module: it then runs the same
// from the sources (tests, tsx) and from dist/.
const workerSource = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driver);
async function work() {
  const db = new Database(w.source, { readonly: true, fileMustExist: true, timeout: w.timeoutMs });
  try {
    if (w.op === 'snapshot') db.prepare('vacuum into ?').run(w.target);
    if (w.op === 'check') return db.pragma('integrity_check').map((row) => row.integrity_check).join('; ');
    // Into the live file through SQLite's own locking: a process that has it open sees the new content.
    if (w.op === 'restore') await db.backup(w.target, { progress: () => 2 ** 30 });
    return null;
  } finally {
    db.close();
  }
}
work().then(
  (result) => parentPort.postMessage({ ok: true, result }),
  (error) => parentPort.postMessage({ ok: false, message: error.message, code: error.code }),
);
`;

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

interface Job {
  op: 'snapshot' | 'check' | 'restore';
  source: string;
  target?: string;
  timeoutMs: number;
}

function runInWorker(job: Job): Promise<string | null> {
  return new Promise((done, fail) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { ...job, driver } });
    worker.once('message', (reply: { ok: boolean; result?: string | null; message?: string; code?: string }) => {
      if (reply.ok) done(reply.result ?? null);
      else if (reply.code === 'SQLITE_FULL') fail(new IlotError('BACKUP_DISK_FULL'));
      else fail(Object.assign(new Error(reply.message), { code: reply.code }));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => code !== 0 && fail(new Error(`the SQLite worker stopped with code ${code}`)));
  });
}

/** SQLite: `VACUUM INTO` (a consistent snapshot taken in a read transaction: writers go on in WAL mode). */
export const sqliteCopy: DatabaseCopy = {
  engine: 'sqlite',
  fileName: 'database.sqlite',

  async snapshot(config, _store, target) {
    await runInWorker({ op: 'snapshot', source: fileOf(config), target, timeoutMs: config.database.busyTimeoutMs });
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(target, { readonly: true }) }) });
    try {
      return { rows: await countRows(db, 'sqlite'), schema: null };
    } finally {
      await db.destroy();
    }
  },

  async integrity(config, file) {
    const report = await runInWorker({ op: 'check', source: file, timeoutMs: config.database.busyTimeoutMs });
    if (report !== 'ok') throw new Error(`SQLite's integrity check: ${report}`);
    return 'SQLite integrity_check: ok';
  },

  async scratch(_config, file, _manifest, workDir) {
    const copy = join(workDir, 'scratch.db');
    await copyFile(file, copy);
    // Removed with its work folder.
    return { url: `sqlite:${copy}`, remove: async () => undefined };
  },

  async restore(config, file) {
    await runInWorker({ op: 'restore', source: file, target: fileOf(config), timeoutMs: config.database.busyTimeoutMs });
  },

  describeRestore(config) {
    return `copy the backup's database into ${fileOf(config)} with SQLite's backup API (one write transaction)`;
  },
};
