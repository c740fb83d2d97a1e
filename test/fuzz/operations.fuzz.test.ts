import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { operations } from '../../src/server/operations/index.js';
import { downloadFile } from '../../src/server/operations/files/download.js';
import { uploadFile } from '../../src/server/operations/files/upload.js';
import { describeEngines } from '../support/engines.js';
import { defaultPartition, sponsored, spaceWithTreasurer, type Member } from '../support/members.js';
import { operatorClient, withOperators } from '../support/operators.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { changesBetween, contentsOf, tablesOf } from './database-contents.js';
import type { KnownValues } from './inputs.js';
import { answerProblem, fuzzRequests, sendFuzzed, type FuzzRequest, type Tokens } from './requests.js';

// Malformed and hostile requests, generated from the operations' own schemas, over every operation
// and file route, from every kind of principal, to a real server over HTTP. `npm test` runs a fixed
// seed and a bounded count; `npm run fuzz` runs many more with a random seed. To replay a failure:
// ILOT_FUZZ_SEED=<the seed printed> (and ILOT_FUZZ_RUNS as it was).
const runs = Number(process.env.ILOT_FUZZ_RUNS ?? 150);
const seedSetting = process.env.ILOT_FUZZ_SEED ?? '1212';
const seed = seedSetting === 'random' ? randomInt(2 ** 31) : Number(seedSetting);

/** The principals' sessions; one that a fuzzed request ended (a valid `session.signOut`) is opened again. */
class Principals {
  constructor(
    private readonly url: string,
    private readonly members: { member: Member; treasurer: Member },
    private readonly operators: { operator: IlotClient; observer: IlotClient },
    private readonly staleToken: string,
  ) {}

  get tokens(): Tokens {
    return {
      member: this.members.member.client.sessionToken!,
      treasurer: this.members.treasurer.client.sessionToken!,
      operator: this.operators.operator.sessionToken!,
      observer: this.operators.observer.sessionToken!,
      stale: this.staleToken,
    };
  }

  /** Signs in again every principal whose session ended. */
  async restore(): Promise<void> {
    for (const member of Object.values(this.members)) {
      if (
        await member.client.call('account.show').then(
          () => true,
          () => false,
        )
      )
        continue;
      member.client = new IlotClient(this.url);
      await member.client.signIn(member.orgCode, member.passphrase);
    }
    for (const [who, name] of [
      ['operator', 'alice'],
      ['observer', 'oscar'],
    ] as const) {
      if (
        await this.operators[who].call('operator.sessions.list').then(
          () => true,
          () => false,
        )
      )
        continue;
      this.operators[who] = await operatorClient(this.url, name);
    }
  }
}

/** The ids and org codes of a small site: a space with a treasurer, a member with a note and an upload under way, and a second space. */
async function knownValuesOf(treasurer: Member, member: Member, operator: IlotClient): Promise<KnownValues> {
  await operator.openSpace(
    'fuzzother',
    { documents: 100, volumeBytes: 1_000_000, monthlyCents: 100, maxAccounts: 5 },
    'the sponsorship phrase of a second space',
  );
  const avatars = [...(await treasurer.client.call('avatar.list')).avatars, ...(await member.client.call('avatar.list')).avatars].map(
    (a) => a.id,
  );
  const note = await member.client.call('note.create', { avatarId: avatars.at(-1)!, parentId: null, payload: 'bm90ZQ' });
  const upload = await member.client.call('file.reserve', { noteId: note.id, nameTag: 'n'.repeat(43), size: 3, meta: 'bWV0YQ' });
  const sponsorships = (await treasurer.client.call('sponsorship.list')).sponsorships.map((s) => s.id);
  return { scopedIds: [...avatars, note.id, upload.fileId, await defaultPartition(member), ...sponsorships], orgCodes: ['fuzzother'] };
}

/** A request and how it was answered: its status and code. */
interface Answered {
  request: FuzzRequest;
  outcome: string;
}

/** How many requests got each answer: shows how far the fuzz reaches. */
function tally(answers: Answered[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { outcome } of answers.toSorted((a, b) => a.outcome.localeCompare(b.outcome))) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/** The first request two engines answered differently, if any. */
function firstDifference(ours: Answered[], theirs: Answered[]): string | null {
  const index = ours.findIndex((answered, i) => answered.outcome !== theirs[i]?.outcome);
  if (index < 0) return ours.length === theirs.length ? null : `${ours.length} requests against ${theirs.length}`;
  return `request ${index} (${fc.stringify(ours[index]!.request).slice(0, 500)}): ${ours[index]!.outcome} against ${theirs[index]?.outcome}`;
}

/** Each engine's answers, in order, once its suite has run. */
const answersByEngine = new Map<string, Answered[]>();

describeEngines('operation fuzz', (engine) => {
  let server: TestServer;
  let principals: Principals;
  let known: KnownValues;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      // Fuzzed requests come through a trusted proxy from many addresses: throttles and rate limits
      // see no single client, and the principals' own sign-ins (from the proxy itself) stay open.
      http: { trustedProxies: ['127.0.0.1'], bodyLimitBytes: 4 * 1024 * 1024 },
      sessions: { maxFailedSignIns: 1000 },
      tasks: { enabled: false },
    });
    const treasurer = await spaceWithTreasurer(server.url);
    const member = await sponsored(treasurer, 'Mia');
    const stale = new IlotClient(server.url);
    await stale.signIn(member.orgCode, member.passphrase);
    const staleToken = stale.sessionToken!;
    await stale.signOut();
    const operators = { operator: treasurer.operator, observer: await operatorClient(server.url, 'oscar') };
    principals = new Principals(server.url, { member, treasurer }, operators, staleToken);
    known = await knownValuesOf(treasurer, member, treasurer.operator);
  });
  afterAll(() => server?.stop());

  it(
    'answers every request with a documented 4xx code or a success, never a 5xx nor silence, and a refusal writes nothing',
    async () => {
      console.info(`operation fuzz on ${engine.name}: seed ${seed}, ${runs} runs (replay: ILOT_FUZZ_SEED=${seed} ILOT_FUZZ_RUNS=${runs})`);
      const tables = (await tablesOf(server.store)).filter((table) => table !== 'audit_entries');
      // Consumption counts of earlier successes are written apart from their requests: flushed first.
      const contents = async () => {
        await server.app.consumption.flush();
        return contentsOf(server.store, tables);
      };
      let before = await contents();
      const answers: Answered[] = [];
      const property = fc.asyncProperty(
        fuzzRequests(operations, { upload: uploadFile, download: downloadFile }, known),
        async (request: FuzzRequest) => {
          const answer = await sendFuzzed(server.url, request, principals.tokens);
          answers.push({ request, outcome: `${answer.status} ${answer.body?.code ?? ''}`.trim() });
          expect(answerProblem(request, answer)).toBeNull();
          if (answer.status >= 400) {
            expect(changesBetween(before, await contents())).toEqual([]);
            return;
          }
          // A success may have ended a principal's session; the checks count as reads, so the new baseline comes after them.
          await principals.restore();
          before = await contents();
        },
      );
      await fc.assert(property, { seed, numRuns: runs });
      console.info(`operation fuzz on ${engine.name}: answers ${JSON.stringify(tally(answers))}`);
      // Refusals dominate, but some requests must get through for the fuzz to reach the operations.
      expect(answers.some(({ outcome }) => outcome.startsWith('2'))).toBe(true);
      // The same seed makes the same requests on each engine: they must be answered alike.
      for (const [other, theirs] of answersByEngine) expect(firstDifference(answers, theirs), `${engine.name} and ${other}`).toBeNull();
      answersByEngine.set(engine.name, answers);
    },
    Math.max(120_000, runs * 2_000),
  );

  it('leaves the site healthy, and wrote no error line for any of it', async () => {
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
    expect(server.logs.lines.filter((line) => Number(line.level) >= 50).map((line) => line.msg)).toEqual([]);
  });
});
