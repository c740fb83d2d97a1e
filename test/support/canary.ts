import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from './server.js';

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Where a canary typed by a member shows in clear on a SQLite test server: the bytes of its
 * database (and its write-ahead log, which holds recent pages), of every stored file, and its log.
 * Raw bytes, not rows: a value the server copied into an index or a column no query reads counts.
 */
export function canarySightings(server: TestServer, canary: string): string[] {
  const url = server.config.database.url;
  if (!url.startsWith('sqlite:')) throw new Error('canarySightings reads a SQLite database file');
  const database = url.slice('sqlite:'.length);
  const places = [database, `${database}-wal`, ...filesUnder(server.config.files.dir)].filter((p) => existsSync(p));
  const needle = Buffer.from(canary, 'utf8');
  const found = places.filter((path) => readFileSync(path).includes(needle));
  if (server.logs.raw.some((line) => line.includes(canary))) found.push('the log');
  return found;
}
