import type { Command } from 'commander';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/database.js';
import { redactSecrets } from '../shared/redact.js';
import { exitCodes } from './exit-codes.js';

export { exitCodes };

/** A command was given what it cannot use (missing input lines…): its message is enough. */
export class UsageError extends Error {}

// One command per process: the configuration it loaded, to explain its failures in its terms.
let loaded: LoadedConfig | undefined;

/** The configuration named by the global --config option (or the environment). */
export function configOf(command: Command): LoadedConfig {
  return (loaded = loadConfig({ file: command.optsWithGlobals<{ config?: string }>().config }));
}

/** Opens the configured database for the time of `body`. */
export async function withStore<T>(config: Config, body: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../store/database.js');
  const { busyTimeoutMs, synchronous } = config.database;
  const store = await openStore({ url: config.database.url, poolSize: 2, busyTimeoutMs, synchronous });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
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
    } else {
      // Loaded only on failure: it knows the store's errors, which most commands never load.
      const { explainFailure } = await import('./failures.js');
      const known = explainFailure(error, loaded?.config);
      // Unexpected: the stack helps, but never with a secret in it.
      console.error(known?.message ?? redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      process.exitCode = known?.exitCode ?? exitCodes.failed;
    }
  }
}
