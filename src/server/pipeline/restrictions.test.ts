import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlotClient } from '../../client/client.js';
import { openUrgentChat, readChats, urgentCorrespondents, writeInChat, type ChatHandle } from '../../client/chats.js';
import { MemoryStore } from '../../client/local-store.js';
import { catchUp, createNote, readNotes } from '../../client/notes.js';
import { accountRestrictions, operationClasses, restrictionTable, type AutomaticSource } from '../../domain/restrictions.js';
import { describeEngines } from '../../../test/support/engines.js';
import { refusal, withOperators } from '../../../test/support/operators.js';
import { accountRow, defaultPartition, spaceWithTreasurer, sponsored, type Member } from '../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

type Treasurer = Awaited<ReturnType<typeof spaceWithTreasurer>>;

/** How each state is brought about, for Bob, an O account of the default partition, by real operations. */
const states: Record<string, (treasurer: Treasurer, bob: Member) => Promise<unknown>> = {
  // Bob's quota is two documents: notes fill it (the first refusal says it is reached).
  'no-growth': async (_treasurer, bob) => {
    const note = () => createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'fills the quota', hashtags: [] });
    for (let made = 0; made < 3 && (await outcome(note())) === ok; made++);
  },
  'read-only (account)': (treasurer, bob) => notify(treasurer, bob, 'read-only'),
  'read-only (partition)': (treasurer) => notify(treasurer, null, 'read-only'),
  'read-only (space)': (treasurer) => treasurer.operator.call('space.setReadOnly', { orgCode: treasurer.orgCode, readOnly: true }),
  'minimal (account)': (treasurer, bob) => notify(treasurer, bob, 'minimal'),
  'minimal (partition)': (treasurer) => notify(treasurer, null, 'minimal'),
  frozen: (treasurer) => treasurer.operator.call('space.setFrozen', { orgCode: treasurer.orgCode, frozen: true }),
  closed: (treasurer) => treasurer.operator.call('space.close', { orgCode: treasurer.orgCode, message: 'closed' }),
};

async function notify(treasurer: Treasurer, bob: Member | null, restriction: 'read-only' | 'minimal') {
  return treasurer.client.call('notification.set', {
    partitionId: await defaultPartition(treasurer),
    accountId: bob?.client.member.id ?? null,
    text: `restricted: ${restriction}`,
    restriction,
  });
}

/** One real operation of each class (credit has none yet: see the table test below), run by Bob. */
const classes: Record<string, (bob: Member, urgent: ChatHandle) => Promise<unknown>> = {
  read: (bob) => bob.client.call('contact.list'),
  'catch-up': (bob) => bob.client.call('sync.pull', { known: [] }),
  own: (bob) => bob.client.call('account.show'),
  session: (bob) => new IlotClient(bob.client.url).signIn(bob.orgCode, bob.passphrase),
  write: (bob) =>
    bob.client.call('contact.annotate', {
      avatarId: bob.client.member.avatars[0]!.id,
      contactId: sponsorOf.get(bob)!,
      note: null,
    }),
  growth: (bob) => createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'a new note', hashtags: [] }),
  urgent: (bob, urgent) => writeInChat(bob.client, urgent, 'help'),
};
const sponsorOf = new Map<Member, string>();

const ok = 'ok';
/** What the spec says (PRODUCT.md H), written out: the outcome of each class under each state. */
const expected: Record<string, Record<keyof typeof classes, string>> = {
  'no-growth': { read: ok, 'catch-up': ok, own: ok, session: ok, write: ok, growth: 'QUOTA_EXCEEDED', urgent: ok },
  'read-only (account)': {
    read: ok,
    'catch-up': ok,
    own: ok,
    session: ok,
    write: 'ACCOUNT_READ_ONLY',
    growth: 'ACCOUNT_READ_ONLY',
    urgent: ok,
  },
  'read-only (partition)': {
    read: ok,
    'catch-up': ok,
    own: ok,
    session: ok,
    write: 'PARTITION_READ_ONLY',
    growth: 'PARTITION_READ_ONLY',
    urgent: ok,
  },
  'read-only (space)': { read: ok, 'catch-up': ok, own: ok, session: ok, write: 'SPACE_READ_ONLY', growth: 'SPACE_READ_ONLY', urgent: ok },
  'minimal (account)': {
    read: 'MINIMAL_ACCESS',
    'catch-up': ok,
    own: ok,
    session: ok,
    write: 'MINIMAL_ACCESS',
    growth: 'MINIMAL_ACCESS',
    urgent: ok,
  },
  'minimal (partition)': {
    read: 'MINIMAL_ACCESS',
    'catch-up': ok,
    own: ok,
    session: ok,
    write: 'MINIMAL_ACCESS',
    growth: 'MINIMAL_ACCESS',
    urgent: ok,
  },
  frozen: { read: ok, 'catch-up': ok, own: ok, session: ok, write: 'SPACE_FROZEN', growth: 'SPACE_FROZEN', urgent: ok },
  closed: {
    read: 'SPACE_CLOSED',
    'catch-up': 'SPACE_CLOSED',
    own: 'SPACE_CLOSED',
    session: 'SPACE_CLOSED',
    write: 'SPACE_CLOSED',
    growth: 'SPACE_CLOSED',
    urgent: 'SPACE_CLOSED',
  },
};

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return ok;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('the restriction table', () => {
  it('lets credit operations through where the spec says, and closes everything when the space is closed', () => {
    expect(restrictionTable.credit).toEqual({ 'no-growth': true, 'read-only': true, minimal: true, frozen: false, closed: false });
    for (const operationClass of operationClasses) expect(restrictionTable[operationClass].closed).toBe(false);
  });
});

describeEngines('restrictions enforced by the pipeline', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // No task engine: a closed space's purge would end Bob's session before the test sees the refusal.
    server = await startTestServer(engine, { ...(await withOperators()), tasks: { enabled: false }, sessions: { maxFailedSignIns: 1000 } });
  });
  afterAll(() => server.stop());

  /** A space, Bob in its default partition with a quota of two documents, one taken by his chat with the treasurer, which is urgent. */
  async function bobAndTreasurer() {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob', { quotas: { documents: 2, volumeBytes: 1_000_000 } });
    sponsorOf.set(bob, treasurer.client.member.avatars[0]!.id);
    const [helper] = await urgentCorrespondents(bob.client);
    const urgent = await openUrgentChat(bob.client, helper!);
    return { treasurer, bob, urgent };
  }

  it('runs every class of operation against every state as the table says', async () => {
    const seen: Record<string, Record<string, string>> = {};
    for (const [state, bringAbout] of Object.entries(states)) {
      const { treasurer, bob, urgent } = await bobAndTreasurer();
      await bringAbout(treasurer, bob);
      seen[state] = {};
      for (const [operationClass, call] of Object.entries(classes)) seen[state][operationClass] = await outcome(call(bob, urgent));
    }
    expect(seen).toEqual(expected);
  });

  it('does not restrict the treasurer by notifications, so that they can be lifted, and lifting them restores access', async () => {
    const { treasurer, bob } = await bobAndTreasurer();
    await notify(treasurer, null, 'minimal');
    await notify(treasurer, bob, 'read-only');
    await treasurer.client.call('contact.list');
    expect((await refusal(bob.client.call('contact.list'))).code).toBe('MINIMAL_ACCESS');
    // The strongest in force decides: minimal access from the partition over the account's read-only.
    expect((await bob.client.call('account.show')).restrictions).toEqual(
      expect.arrayContaining([
        { state: 'minimal', level: 'partition' },
        { state: 'read-only', level: 'account' },
      ]),
    );
    const partitionId = await defaultPartition(treasurer);
    await treasurer.client.call('notification.set', { partitionId, accountId: null, text: null, restriction: null });
    await bob.client.call('contact.list');
    expect((await refusal(createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'no', hashtags: [] }))).code).toBe(
      'ACCOUNT_READ_ONLY',
    );
    await treasurer.client.call('notification.set', { partitionId, accountId: bob.client.member.id, text: null, restriction: null });
    await createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'yes', hashtags: [] });
    expect((await bob.client.call('account.show')).restrictions).toEqual([]);
  });

  it('brings the urgent chats, and them alone, when catching up under minimal access', async () => {
    const { treasurer, bob } = await bobAndTreasurer();
    const avatarId = bob.client.member.avatars[0]!.id;
    await createNote(bob.client, avatarId, { text: 'withheld', hashtags: [] });
    await notify(treasurer, bob, 'minimal');
    const helper = new MemoryStore();
    await catchUp(treasurer.client, helper);
    const [urgent] = (await readChats(treasurer.client, helper)).filter((c) => c.urgent);
    await writeInChat(treasurer.client, urgent!, 'the answer');
    const store = new MemoryStore();
    await catchUp(bob.client, store);
    expect(await store.notes()).toEqual([]);
    const [seen] = await readChats(bob.client, store);
    expect(seen!.items.map((i) => i.text)).toContain('the answer');
    await writeInChat(bob.client, seen!, 'thanks');
    await treasurer.client.call('notification.set', {
      partitionId: await defaultPartition(treasurer),
      accountId: bob.client.member.id,
      text: null,
      restriction: null,
    });
    // Lifted: the documents withheld come with the next catch-up.
    await catchUp(bob.client, store);
    expect((await readNotes(bob.client, store)).map((n) => n.text)).toContain('withheld');
  });

  it('stops sign-ins from extending the lifetime under minimal access and frozen, not under read-only', async () => {
    const { treasurer, bob } = await bobAndTreasurer();
    const past = Date.UTC(2000, 0, 31);
    const signInAfterReset = async () => {
      await server.store.db.updateTable('accounts').set({ expires_at: past }).where('id', '=', bob.client.member.id).execute();
      await new IlotClient(server.url).signIn(bob.orgCode, bob.passphrase);
      return Number((await accountRow(server, bob)).expires_at) > past;
    };
    await notify(treasurer, bob, 'minimal');
    expect(await signInAfterReset()).toBe(false);
    await notify(treasurer, bob, 'read-only');
    expect(await signInAfterReset()).toBe(true);
    await notify(treasurer, null, 'minimal');
    expect(await signInAfterReset()).toBe(false);
    await treasurer.client.call('notification.set', {
      partitionId: await defaultPartition(treasurer),
      accountId: null,
      text: null,
      restriction: null,
    });
    await treasurer.operator.call('space.setFrozen', { orgCode: treasurer.orgCode, frozen: true });
    expect(await signInAfterReset()).toBe(false);
    await treasurer.operator.call('space.setFrozen', { orgCode: treasurer.orgCode, frozen: false });
    expect(await signInAfterReset()).toBe(true);
  });

  it('takes minimal access from the automatic sources it is given, for that account only', async () => {
    const { treasurer, bob } = await bobAndTreasurer();
    const overLimit: AutomaticSource = async (_tx, _spaceId, accountIds) => new Set(accountIds.filter((id) => id === bob.client.member.id));
    const spaceId = Number(bob.client.member.id.slice(0, 2));
    const of = (member: Member, roles: string[]) =>
      server.store.transaction((tx) =>
        accountRestrictions(tx, { spaceId, accountId: member.client.member.id, partitionId: null, roles }, [overLimit]),
      );
    expect(await of(bob, [])).toEqual([{ state: 'minimal', level: 'account' }]);
    expect(await of(treasurer, ['treasurer'])).toEqual([]);
  });
});
