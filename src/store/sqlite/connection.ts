import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { registerFunctions } from './functions.js';

/** Opens the database file with Ilot's settings: the one place where SQLite's connection is set up. */
export function openDatabase(file: string, busyTimeoutMs: number): BetterSqlite3.Database {
  mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file, { timeout: busyTimeoutMs });
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  registerFunctions(database);
  return database;
}
