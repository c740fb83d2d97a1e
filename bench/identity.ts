// Operator and identity operations, timed by the server (Server-Timing), keys derived beforehand
// (client-side derivation excluded): opening spaces, creating treasurer accounts, 32 concurrent
// sign-ins; on SQLite and PostgreSQL. Baseline in the same run: the `ping` round trip.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IlotClient, newTreasurerMaterial } from '../src/client/index.js';
import { derivePhraseKeys, toBase64Url } from '../src/shared/crypto/index.js';
import { benchKdfParams, machine, onEachEngine, serverTime, startBenchServerWithOperator, stats } from './support.js';

const spaces = 80;
const quotas = { documents: 1000, volumeBytes: 1e9, monthlyCents: 1000, maxAccounts: 100 };

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const { server, operatorKeys } = await startBenchServerWithOperator(dir, databaseUrl);
  try {
    const url = server.urls.ilot;
    const { token } = await new IlotClient(url).call('session.signIn', {
      orgCode: 'admin',
      prefixId: toBase64Url(operatorKeys.prefixId),
      authKey: toBase64Url(operatorKeys.authKey),
    });
    const ping: number[] = [];
    for (let i = 0; i < 200; i++) ping.push(await serverTime(url, 'ping', {}));
    const ping32: number[] = [];
    for (let round = 0; round < 20; round++)
      ping32.push(...(await Promise.all(Array.from({ length: 32 }, () => serverTime(url, 'ping', {})))));

    // Everything a client would derive or make is prepared first: only the calls are timed.
    const codes = Array.from({ length: spaces }, (_, i) => `bench${i}`);
    const prepared = await Promise.all(
      codes.map(async (orgCode) => {
        const sponsorship = await derivePhraseKeys(`sponsorship phrase of ${orgCode}`, orgCode, benchKdfParams);
        const passphrase = await derivePhraseKeys(`treasurer passphrase of ${orgCode}`, orgCode, benchKdfParams);
        const material = await newTreasurerMaterial(passphrase.wrapKey);
        const keys = (k: typeof sponsorship) => ({ prefixId: toBase64Url(k.prefixId), authKey: toBase64Url(k.authKey) });
        return { orgCode, sponsorship: keys(sponsorship), passphrase: keys(passphrase), material };
      }),
    );
    const open: number[] = [];
    for (const p of prepared)
      open.push(await serverTime(url, 'space.open', { orgCode: p.orgCode, quotas, sponsorship: p.sponsorship }, token));
    const create: number[] = [];
    for (const p of prepared) {
      const account = { ...p.passphrase, wrappedAccountKey: p.material.wrappedAccountKey, wrappedSpaceKey: p.material.wrappedSpaceKey };
      create.push(
        await serverTime(url, 'account.createTreasurer', {
          orgCode: p.orgCode,
          sponsorship: p.sponsorship,
          account,
          avatar: p.material.avatar,
        }),
      );
    }
    const signInAlone: number[] = [];
    for (const p of prepared.slice(0, 40))
      signInAlone.push(await serverTime(url, 'session.signIn', { orgCode: p.orgCode, ...p.passphrase }));
    const signIn: number[] = [];
    for (let round = 0; round < 20; round++) {
      signIn.push(
        ...(await Promise.all(
          prepared.slice(0, 32).map((p) => serverTime(url, 'session.signIn', { orgCode: p.orgCode, ...p.passphrase })),
        )),
      );
    }
    return {
      engine,
      baselinePing: stats(ping),
      baselinePingWith32Concurrent: stats(ping32),
      openSpace: { ...stats(open), goalP50Ms: 3 },
      createTreasurer: { ...stats(create), goalP50Ms: 5 },
      signInAlone: stats(signInAlone),
      signInWith32Concurrent: { ...stats(signIn), goalP99Ms: 10 },
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchIdentity() {
  return {
    benchmark: 'identity',
    machine: machine(),
    measure: 'server-side time (Server-Timing header), key derivation excluded',
    results: await onEachEngine(runOn),
  };
}
