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
