import { Command } from 'commander';
import { operatorOrgCode } from '../../shared/protocol.js';
import { verifierOf } from '../../domain/secrets.js';
import { configOf, runCommand } from '../run.js';
import { phrase, readSecrets, samePhrase } from '../secrets.js';

export function operatorCommand(): Command {
  const operator = new Command('operator').description('operator accounts');
  operator
    .command('verifier')
    .description('derive the verifier of an operator passphrase (prompted twice, or read twice from standard input) for the configuration')
    .action((_options, command: Command) =>
      runCommand(async () => {
        const { config } = configOf(command);
        const [passphrase = ''] = await readSecrets([
          phrase('Operator passphrase', 'passphrase'),
          samePhrase('Operator passphrase again', 'passphrase'),
        ]);
        const { derivePhraseKeys, toBase64Url } = await import('../../shared/crypto/index.js');
        const { argon2 } = config.crypto;
        const keys = await derivePhraseKeys(passphrase, operatorOrgCode, {
          memoryKiB: argon2.memoryKib,
          iterations: argon2.iterations,
          parallelism: argon2.parallelism,
        });
        console.log(verifierOf(toBase64Url(keys.authKey)));
      }),
    );
  return operator;
}
