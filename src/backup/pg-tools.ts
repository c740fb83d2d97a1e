import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { IlotError } from '../shared/errors.js';

export interface PgTool {
  path: string;
  /** Major version, e.g. 15. */
  major: number;
  version: string;
}

/** Runs a PostgreSQL client program; resolves with its standard output, or fails with its standard error. */
export function runPgProgram(path: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? new IlotError('PG_DUMP_MISSING', `${path} cannot be found: install the PostgreSQL client, or set backup.pgBinDir.`)
          : error,
      ),
    );
    child.once('close', (code) => {
      if (code === 0) done(out);
      else if (/No space left on device|could not write/i.test(err)) fail(new IlotError('BACKUP_DISK_FULL'));
      else fail(new Error(`${path} failed (exit code ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

async function probe(config: Config, name: 'pg_dump' | 'pg_restore'): Promise<PgTool> {
  const path = config.backup.pgBinDir ? join(config.backup.pgBinDir, name) : name;
  const output = await runPgProgram(path, ['--version']);
  const version = /(\d+)(\.\d+)*/.exec(output)?.[0];
  if (!version) throw new Error(`${path} --version printed no version: ${output.trim()}`);
  return { path, major: Number.parseInt(version, 10), version };
}

/**
 * pg_dump and pg_restore, checked against the server: a client older than the server cannot read
 * its catalog (pg_dump refuses), and a dump restores only with a pg_restore at least as new.
 */
export async function pgTools(config: Config, serverMajor: number): Promise<{ dump: PgTool; restore: PgTool }> {
  const [dump, restore] = await Promise.all([probe(config, 'pg_dump'), probe(config, 'pg_restore')]);
  for (const tool of [dump, restore])
    if (tool.major < serverMajor)
      throw new IlotError(
        'PG_DUMP_VERSION',
        `${tool.path} is version ${tool.version}, older than the PostgreSQL server (${serverMajor}): install the client of version ${serverMajor} or newer, or set backup.pgBinDir to its directory.`,
      );
  return { dump, restore };
}

/** A URL as the PostgreSQL programs take it, its password moved to PGPASSWORD (never on a command line). */
export function libpqTarget(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // libpq does not read `+` as a space, which URLSearchParams writes: percent-encode every parameter.
  parsed.search = [...parsed.searchParams].map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  return { url: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}
