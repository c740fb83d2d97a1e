import type { Command } from 'commander';
import type { IlotClient } from '../client/client.js';
import type { Config } from '../config/schema.js';
import { configOf, exitCodes, runCommand } from './run.js';
import { readSecrets } from './secrets.js';

// Commands that act as an operator client of the site (`ilot space`, `ilot tasks`): through the
// site's API, like any operator, never by touching the database.

function siteUrl(config: Config, given: string | undefined): string {
  if (given) return given.replace(/\/$/, '');
  const host = config.listen.host === '0.0.0.0' || config.listen.host === '::' ? '127.0.0.1' : config.listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.listen.port}`;
}

/** Signs in as an operator (passphrase read without echo), runs the action, prints its result; a refusal prints its code. */
export function asOperator(command: Command, extraSecrets: string[], action: (client: IlotClient, secrets: string[]) => Promise<unknown>) {
  return runCommand(async () => {
    const { config } = configOf(command);
    // Loaded here, not at start: `ilot serve` should not carry the client and its crypto.
    const { IlotClient, IlotClientError } = await import('../client/client.js');
    const client = new IlotClient(siteUrl(config, command.optsWithGlobals<{ url?: string }>().url));
    const [passphrase = '', ...secrets] = await readSecrets(['Operator passphrase', ...extraSecrets]);
    try {
      await client.signInOperator(passphrase);
      const result = await action(client, secrets);
      if (typeof result === 'string') console.log(result);
      else console.log(JSON.stringify(result, null, 2));
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof IlotClientError)) throw error;
      console.error(`${error.code}: ${error.message}`);
      return exitCodes.failed;
    } finally {
      if (client.signedIn) await client.signOut().catch(() => undefined);
    }
  });
}

