import { IlotClient, IlotClientError } from '../../src/client/client.js';
import type { Config } from '../../src/config/schema.js';
import { derivePhraseKeys, toBase64Url } from '../../src/shared/crypto/index.js';
import { verifierOf } from '../../src/domain/secrets.js';

/** Small Argon2id costs: tests derive many keys. */
export const testArgon2 = { memoryKib: 256, iterations: 2, parallelism: 1 };

export const operatorPhrases = {
  alice: 'alice keeps this operator phrase to herself',
  oscar: 'oscar only looks, he never touches anything',
};

export async function verifierFor(phrase: string): Promise<string> {
  const keys = await derivePhraseKeys(phrase, 'admin', {
    memoryKiB: testArgon2.memoryKib,
    iterations: testArgon2.iterations,
    parallelism: testArgon2.parallelism,
  });
  return verifierOf(toBase64Url(keys.authKey));
}

/** Configuration values for a site with alice (admin) and oscar (observer). */
export async function withOperators(): Promise<Pick<Config, 'crypto' | 'operators'>> {
  return {
    crypto: { argon2: testArgon2 },
    operators: [
      { name: 'alice', role: 'admin', verifier: await verifierFor(operatorPhrases.alice) },
      { name: 'oscar', role: 'observer', verifier: await verifierFor(operatorPhrases.oscar) },
    ],
  };
}

/** The refusal a call ends with; fails the test if it succeeds or fails otherwise. */
export async function refusal(promise: Promise<unknown>): Promise<IlotClientError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof IlotClientError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

export async function operatorClient(url: string, who: keyof typeof operatorPhrases): Promise<IlotClient> {
  const client = new IlotClient(url);
  await client.signInOperator(operatorPhrases[who]);
  return client;
}

/** `withOperators`, with the sign-in throttle and the rate limit out of the way of a suite's many sign-ins and requests. */
export async function withOperatorsUnthrottled() {
  return { ...(await withOperators()), sessions: { maxFailedSignIns: 1000 }, http: { rateLimitPerMinute: 100_000 } };
}
