import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { IlotClient } from '../../src/client/client.js';
import { TowerClient } from '../../src/agent/tower-client.js';
import type { InputOf, OutputOf } from '../../src/shared/operations/index.js';
import type { TestServer } from './server.js';

/** An organization's space, straight in the database: the fleet only needs its number and org code. */
export async function openOrganization(server: TestServer, id: number, orgCode: string): Promise<void> {
  await server.store.db.insertInto('spaces').values({ id, org_code: orgCode, created_at: Date.now() }).execute();
}

/** Adds a host and returns its enrolment token. */
export async function addHost(operator: IlotClient, input: InputOf<'fleet.host.add'>): Promise<string> {
  return (await operator.call('fleet.host.add', input)).enrolToken;
}

/** A simulated agent speaking the protocol by hand: its credential, and a counter it raises for each message. */
export class ManualAgent {
  seq = 0;
  private constructor(
    readonly tower: TowerClient,
    readonly hostId: string,
    private readonly url: string,
    private readonly credential: string,
  ) {}

  static async enrol(url: string, token: string): Promise<ManualAgent> {
    const base = new TowerClient(url);
    const { credential, hostId } = await base.enrol({ token, version: '0.0.0-test' });
    return new ManualAgent(base.withCredential(credential), hostId, url, credential);
  }

  /** A message through the long poll (answered at once when it carries reports or a command waits). */
  exchange(reports: InputOf<'fleet.agent.exchange'>['reports'] = [], extra: Partial<InputOf<'fleet.agent.exchange'>> = {}) {
    return this.tower.exchange({ seq: ++this.seq, version: '0.0.0-test', reports, ...extra });
  }

  /** A message through the operation's own route, which never waits. */
  async exchangeNow(): Promise<OutputOf<'fleet.agent.exchange'>> {
    const response = await fetch(`${this.url}/api/ops/fleet.agent.exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.credential}` },
      body: JSON.stringify({ seq: ++this.seq, version: '0.0.0-test', reports: [] }),
    });
    if (!response.ok) throw new Error(`exchange refused: ${await response.text()}`);
    return (await response.json()) as OutputOf<'fleet.agent.exchange'>;
  }
}

/** The code a promise is refused with (fails the test if it succeeds). */
export async function refusedWith(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { code?: string },
  );
  if (!error) throw new Error('expected a refusal');
  return String(error.code);
}

/** A free TCP port on the loopback address. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

// The `ilot` command of a stand-in release: it answers `migrate status|up`, `serve` and `backup
// create` as Ilot does (migrations recorded in migrations.log beside the configuration), and can be
// made never ready or too old for the database.
const fakeIlot = `
const fs = require('fs'), http = require('http'), path = require('path');
const version = require('../package.json').version;
const mode = fs.readFileSync(path.join(__dirname, '..', 'mode'), 'utf8').trim();
const args = process.argv.slice(2);
const config = JSON.parse(fs.readFileSync(args[1], 'utf8'));
const command = args.slice(2).join(' ');
if (command === 'migrate status') process.exit(mode === 'too-old' ? 3 : 0);
if (command === 'migrate up') { fs.appendFileSync(path.join(path.dirname(args[1]), 'migrations.log'), version + '\\n'); process.exit(0); }
if (command === 'backup create') { console.log('backup of ' + version + ' written'); process.exit(0); }
if (command === 'serve') {
  http.createServer((q, r) => { r.writeHead(mode === 'not-ready' ? 503 : 200); r.end(version); }).listen(config.listen.port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}
`;

export type FakeMode = 'ok' | 'not-ready' | 'too-old';

/** A stand-in release archive (`package/bin/ilot.js`, as `npm pack` lays it out), built with tar in `work`. */
export function fakeRelease(work: string, version: string, mode: FakeMode) {
  const root = join(work, `build-${version}`, 'package');
  mkdirSync(join(root, 'bin'), { recursive: true });
  writeFileSync(join(root, 'bin', 'ilot.js'), fakeIlot);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'ilot', version }));
  writeFileSync(join(root, 'mode'), mode);
  const file = join(work, `ilot-${version}.tgz`);
  execFileSync('tar', ['-czf', file, '-C', join(work, `build-${version}`), 'package']);
  const bytes = readFileSync(file);
  return { file, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
