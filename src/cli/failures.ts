import { statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Config } from '../config/schema.js';
import { DatabaseUnreachableError } from '../store/database.js';
import { SchemaTooNewError } from '../store/migrator.js';
import { IlotError } from '../shared/errors.js';
import { redactSecrets } from '../shared/redact.js';
import { exitCodes } from './exit-codes.js';

// Failures an operator meets at start (a busy port, a database or directory Ilot cannot write),
// told in the configuration's words with what to do, instead of a stack. Recognized here, at the
// command's edge, so the server and the store keep throwing what they throw.

export interface Explained {
  message: string;
  exitCode: number;
}

type SystemError = NodeJS.ErrnoException & { address?: string; port?: number };

/** What is at `path`, if anything can be seen there (a file in the way above it hides it too). */
function statOf(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The nearest existing ancestor of `path` (or `path` itself) when it is not a directory. */
function fileInTheWay(path: string): string | undefined {
  for (let place = resolve(path); ; place = dirname(place)) {
    const info = statOf(place);
    if (info) return info.isDirectory() ? undefined : place;
    if (dirname(place) === place) return undefined;
  }
}

const within = (path: string, dir: string) => path === dir || path.startsWith(dir + sep);

function listenFailure(error: SystemError): Explained | null {
  const why: Record<string, string> = {
    EADDRINUSE: 'the address is already in use (another Ilot, or another program, listens there)',
    EACCES: 'permission denied (ports below 1024 need privileges)',
    EADDRNOTAVAIL: `${error.address} is not an address of this machine`,
  };
  const reason = why[error.code ?? ''];
  if (!reason) return null;
  return {
    message: `Cannot listen on ${error.address}:${error.port}: ${reason}. Choose another listen.port or listen.host (ILOT_LISTEN_PORT, ILOT_LISTEN_HOST), or stop the other program.`,
    exitCode: exitCodes.environment,
  };
}

function databaseFailure(error: unknown, url: string | undefined): Explained | null {
  if (error instanceof SchemaTooNewError) return { message: error.message, exitCode: exitCodes.database };
  const shown = redactSecrets(url ?? '');
  const code = String((error as SystemError).code ?? '');
  const text = error instanceof Error ? error.message : '';
  const file = url?.startsWith('sqlite:') ? resolve(url.slice('sqlite:'.length)) : undefined;
  if (file && error instanceof DatabaseUnreachableError) {
    const blocker = fileInTheWay(dirname(file));
    if (blocker)
      return {
        message: `The SQLite database ${shown} cannot be created: ${blocker} is a file, not a directory. Set database.url (ILOT_DATABASE_URL) to a file in a directory.`,
        exitCode: exitCodes.database,
      };
    if (statOf(file)?.isDirectory())
      return {
        message: `The SQLite database ${shown} is a directory: database.url (ILOT_DATABASE_URL) names the database file, such as sqlite:./data/ilot.db.`,
        exitCode: exitCodes.database,
      };
  }
  if (file && (code.startsWith('SQLITE_READONLY') || /\(SQLITE_READONLY/.test(text))) {
    return {
      message: `The database ${shown} is read-only, and Ilot writes to it: let the user running Ilot write ${file} and its directory (SQLite keeps ${file}-wal and ${file}-shm beside it).`,
      exitCode: exitCodes.database,
    };
  }
  // read_only_sql_transaction: default_transaction_read_only is on, or the server is a standby.
  if (code === '25006')
    return {
      message: `The database ${shown} is read-only (${text}): Ilot needs a writable primary server, with default_transaction_read_only off.`,
      exitCode: exitCodes.database,
    };
  if (error instanceof DatabaseUnreachableError) return { message: error.message, exitCode: exitCodes.database };
  return null;
}

function fileStoreFailure(error: SystemError, dir: string): Explained | null {
  const root = resolve(dir);
  if (!error?.path || !within(resolve(error.path), root)) return null;
  const blocker = fileInTheWay(root);
  const denied = `permission denied on ${error.path}: let the user running Ilot write there`;
  const why: Record<string, string> = {
    EACCES: denied,
    EPERM: denied,
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space is left on the device',
  };
  const reason = blocker ? `${blocker} is a file, not a directory` : why[error.code ?? ''];
  if (!reason) return null;
  return {
    message: `The file store ${root} (files.dir, ILOT_FILES_DIR) cannot be created or written: ${reason}.`,
    exitCode: exitCodes.environment,
  };
}

/** A known failure with its message and exit code, or null when it is unexpected (its stack is then shown). */
export function explainFailure(error: unknown, config: Config | undefined): Explained | null {
  // A refusal says what to do in its own words: the data stayed as it was.
  if (error instanceof IlotError) return { message: `${error.code}: ${error.message}`, exitCode: exitCodes.failed };
  const system = error as SystemError;
  if (system?.syscall === 'listen') return listenFailure(system);
  return (config && fileStoreFailure(system, config.files.dir)) ?? databaseFailure(error, config?.database.url);
}
