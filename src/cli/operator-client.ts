import { InvalidArgumentError, type Command } from 'commander';
import type { IlotClient } from '../client/index.js';
import { defaultConfigFile } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { configOf, exitCodes, runCommand } from './run.js';
import { phrase, readSecrets, type Secret } from './secrets.js';

// Commands that act as an operator client of the site (`ilot space`, `ilot tasks`): through the
// site's API, like any operator, never by touching the database.

function siteUrl(config: Config, given: string | undefined): string {
  if (given) return given.replace(/\/$/, '');
  const host = config.listen.host === '0.0.0.0' || config.listen.host === '::' ? '127.0.0.1' : config.listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.listen.port}`;
}

/** Parses --url: an http(s) address, refused before anything is asked. */
export function siteAddress(value: string): string {
  if (!/^https?:\/\//.test(value) || !URL.canParse(value))
    throw new InvalidArgumentError('expected an address such as http://127.0.0.1:8080 or https://ilot.example.org.');
  return value;
}

export interface OperatorAction {
  /** Secrets asked after the operator passphrase. */
  secrets?: Secret[];
  /** Runs before any secret is asked (a confirmation); a refusal stops the command. */
  first?: () => Promise<void>;
}

/** Signs in as an operator (passphrase read without echo), runs the action, prints its result; a refusal prints its code. */
export function asOperator(
  command: Command,
  action: (client: IlotClient, secrets: string[]) => Promise<unknown>,
  { secrets = [], first }: OperatorAction = {},
) {
  return runCommand(async () => {
    const { config, file } = configOf(command);
    const given = command.optsWithGlobals<{ url?: string }>().url;
    // The site is the one this configuration describes: with no operator, nobody can sign in to it.
    if (!given && config.operators.length === 0) {
      console.error(
        `This configuration has no operator (neither "operators" in ${file ?? defaultConfigFile} nor ILOT_OPERATORS), so nobody can sign in to the site as an operator. ` +
          'Run `ilot operator verifier`, add {"name": "you", "role": "admin", "verifier": "<printed value>"} to "operators", and restart the server. ' +
          'If the site runs with another configuration, name it with --config, or give its address with --url.',
      );
      return exitCodes.config;
    }
    await first?.();
    const [passphrase = '', ...answers] = await readSecrets([phrase('Operator passphrase', 'operator passphrase'), ...secrets]);
    // Loaded once the input is known good: the client and its crypto are the slowest to load.
    const { IlotClient, IlotClientError } = await import('../client/index.js');
    const client = new IlotClient(siteUrl(config, given));
    try {
      await client.signInOperator(passphrase);
      const result = await action(client, answers);
      if (typeof result === 'string') console.log(result);
      else console.log(JSON.stringify(result, null, 2));
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof IlotClientError)) throw error;
      // An operator types no org code: say what they can check.
      if (error.code === 'SIGNIN_FAILED')
        console.error(`SIGNIN_FAILED: The operator passphrase is not right, or the site at ${client.url} has no operator with it.`);
      else console.error(`${error.code}: ${error.message}`);
      return exitCodes.failed;
    } finally {
      if (client.signedIn) await client.signOut().catch(() => undefined);
    }
  });
}
