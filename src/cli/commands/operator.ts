import { Command } from 'commander';
import { operatorOrgCode } from '../../shared/protocol.js';
import { verifierOf } from '../../domain/secrets.js';
import { configOf, exitCodes, runCommand } from '../run.js';
import { readSecrets } from '../secrets.js';

export function operatorCommand(): Command {
  const operator = new Command('operator').description('operator accounts');
  operator
    .command('verifier')
    .description('derive the verifier of an operator passphrase (prompted, or read from standard input) for the configuration')
    .action((_options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [passphrase = ''] = await readSecrets(['Operator passphrase']);
        // Loaded here, not at start: `ilot serve` should not carry the key-derivation code.
        const { derivePhraseKeys, phraseProblem, toBase64Url } = await import('../../shared/crypto/index.js');
        if (phraseProblem(passphrase)) {
          console.error('A passphrase has at least 24 characters.');
          return exitCodes.failed;
        }
        const { argon2 } = config.crypto;
        const keys = await derivePhraseKeys(passphrase, operatorOrgCode, { memoryKiB: argon2.memoryKib, iterations: argon2.iterations, parallelism: argon2.parallelism });
        console.log(verifierOf(toBase64Url(keys.authKey)));
      }),
    );
  return operator;
}
