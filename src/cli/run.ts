import type { Command } from 'commander';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load.js';
import { DatabaseUnreachableError } from '../store/database.js';
import { SchemaTooNewError } from '../store/migrator.js';
import { redactSecrets } from '../shared/redact.js';

/** Exit codes of the `ilot` command, documented in README.md. */
export const exitCodes = { ok: 0, failed: 1, config: 2, database: 3 } as const;

/** A command was given what it cannot use (missing input lines…): its message is enough. */
export class UsageError extends Error {}

/** The configuration named by the global --config option (or the environment). */
export function configOf(command: Command): LoadedConfig {
  return loadConfig({ file: command.optsWithGlobals<{ config?: string }>().config });
}

/** Runs a command body; known failures print one clear message and set the exit code. */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? exitCodes.ok;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = exitCodes.config;
    } else if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = exitCodes.failed;
    } else if (error instanceof DatabaseUnreachableError || error instanceof SchemaTooNewError) {
      console.error(error.message);
      process.exitCode = exitCodes.database;
    } else {
      // Unexpected: the stack helps, but never with a secret in it.
      console.error(redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      process.exitCode = exitCodes.failed;
    }
  }
}
