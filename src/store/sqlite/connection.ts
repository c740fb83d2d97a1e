import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { registerFunctions } from './functions.js';

export interface SqliteOptions {
  busyTimeoutMs: number;
  /**
   * `normal`: in WAL mode, commits reach the disk at checkpoints; a power loss (not a crash of the
   * process) may lose the last commits, never corrupt the database. `full`: each commit waits for
   * the disk, at a cost in write throughput.
   */
  synchronous: 'normal' | 'full';
}

/** Opens the database file with Ilot's settings: the one place where SQLite's connection is set up. */
export function openDatabase(file: string, options: SqliteOptions): BetterSqlite3.Database {
  mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file, { timeout: options.busyTimeoutMs });
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  database.pragma('foreign_keys = ON');
  registerFunctions(database);
  return database;
}
