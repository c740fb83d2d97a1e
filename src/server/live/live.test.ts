import { once } from 'node:events';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../client/client.js';
import { LiveSync } from '../../client/live.js';
import { MemoryStore } from '../../client/local-store.js';
import { createNote, readNotes } from '../../client/notes.js';
import { createAvatar } from '../../client/membership.js';
import { describeEngines } from '../../../test/support/engines.js';
import { waitFor } from '../../../test/support/wait.js';
import { operatorPhrases, withOperators } from '../../../test/support/operators.js';
import { spaceWithTreasurer, sponsored } from '../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

describeEngines('live channel', (engine) => {
  let server: TestServer;
  const lives: LiveSync[] = [];
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), live: { heartbeatSeconds: 3 } });
  });
  afterAll(async () => {
    for (const live of lives) live.stop();
    await server.stop();
  });

  async function session(orgCode: string, passphrase: string, options: ConstructorParameters<typeof LiveSync>[2] = {}) {
    const client = new IlotClient(server.url);
    await client.signIn(orgCode, passphrase);
    const store = new MemoryStore();
    const changed: string[][] = [];
    const ended: string[] = [];
    const live = new LiveSync(client, store, {
      WebSocket: WebSocket as never,
      onChange: (s) => changed.push(s),
      onEnded: (r) => ended.push(r),
      initialDelayMs: 50,
      ...options,
    });
    lives.push(live);
    await live.start();
    return { client, store, live, changed, ended };
  }

  const raw = async (first?: string, options: { autoPong?: boolean } = {}) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`, options);
    await once(socket, 'open');
    if (first !== undefined) socket.send(first);
    return socket;
  };

  it('shows one session the edits of another of the same account, without polling', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const laptop = await session(treasurer.orgCode, treasurer.passphrase);
    const phone = await session(treasurer.orgCode, treasurer.passphrase);
    const avatar = laptop.client.member.avatars[0]!.id;
    await createNote(laptop.client, avatar, { text: 'écrit sur le portable', hashtags: [] });
    // Told by the channel: the catch-up that follows its opening may also bring the note, when it runs after the write.
    await waitFor(() => phone.changed.flat().includes(avatar), { what: 'the phone told of the note' });
    expect(await readNotes(phone.client, phone.store)).toHaveLength(1);
    // A new avatar widens the perimeter of every session of the account.
    const second = await createAvatar(phone.client, 'Second');
    await waitFor(() => laptop.changed.flat().includes(laptop.client.member.id));
    await createNote(phone.client, second.id, { text: 'sous le second avatar', hashtags: [] });
    await waitFor(async () => (await readNotes(laptop.client, laptop.store)).length === 2);
  });

  it('tells nothing to other accounts', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const bob = await sponsored(treasurer, 'Bob');
    const watcher = await session(bob.orgCode, bob.passphrase);
    const writer = await session(treasurer.orgCode, treasurer.passphrase);
    await createNote(writer.client, writer.client.member.avatars[0]!.id, { text: 'private', hashtags: [] });
    await createNote(bob.client, bob.client.member.avatars[0]!.id, { text: 'Bob’s', hashtags: [] });
    // Notices reach a channel in order: once Bob's is there, the earlier one would be too.
    await waitFor(() => watcher.changed.flat().includes(bob.client.member.avatars[0]!.id), { what: 'Bob told of his own note' });
    expect((await readNotes(watcher.client, watcher.store)).map((n) => n.text)).toEqual(['Bob’s']);
    expect(watcher.changed.flat()).not.toContain(writer.client.member.avatars[0]!.id);
  });

  it("tells every session of a space that an operator changed it, and no other space's", async () => {
    const [first, second] = [await spaceWithTreasurer(server.url), await spaceWithTreasurer(server.url)];
    const bob = await sponsored(first, 'Bob');
    // The messages each one's channel receives, by type. A channel that reopens (a heartbeat missed on
    // a busy machine) is told again by its 'ready', so the counts below are of what the space's changes sent.
    const heard = { treasurer: [] as string[], bob: [] as string[], other: [] as string[] };
    const listen = (who: keyof typeof heard) => ({
      WebSocket: class extends WebSocket {
        constructor(...args: ConstructorParameters<typeof WebSocket>) {
          super(...args);
          this.on('message', (data) => heard[who].push((JSON.parse((data as Buffer).toString()) as { type: string }).type));
        }
      } as never,
    });
    await session(first.orgCode, first.passphrase, listen('treasurer'));
    await session(bob.orgCode, bob.passphrase, listen('bob'));
    await session(second.orgCode, second.passphrase, listen('other'));
    const count = (who: keyof typeof heard, type: string) => heard[who].filter((t) => t === type).length;
    const before = { treasurer: heard.treasurer.length, bob: heard.bob.length };
    // Told by the notice, or by the 'ready' of a channel that reopened meanwhile (its client then re-reads the space).
    const told = (who: 'treasurer' | 'bob') => heard[who].slice(before[who]).some((t) => t === 'space' || t === 'ready');
    await first.operator.call('space.setFrozen', { orgCode: first.orgCode, frozen: true });
    await waitFor(() => told('treasurer') && told('bob'), { what: 'both accounts of the space told' });
    // A refused change announces nothing.
    const observer = new IlotClient(server.url);
    await observer.signInOperator(operatorPhrases.oscar);
    await expect(observer.call('space.setFrozen', { orgCode: second.orgCode, frozen: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Notices reach a channel in order: once the other space's own note is announced, an earlier notice would be there too.
    await createNote(second.client, second.client.member.avatars[0]!.id, { text: 'probe', hashtags: [] });
    await waitFor(() => count('other', 'changed') > 0, { what: 'the other space told of its own note' });
    expect(count('treasurer', 'space')).toBeLessThanOrEqual(1);
    expect(count('bob', 'space')).toBeLessThanOrEqual(1);
    expect(count('other', 'space')).toBe(0);
    // And it is told of what changes its own space.
    await first.operator.call('space.setNotification', { orgCode: second.orgCode, text: 'Maintenance ce soir' });
    await waitFor(() => count('other', 'space') === 1, { what: 'the other space told of its own notification' });
  });

  it('reconnects after a dropped connection and catches up on what it missed', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const listener = await session(treasurer.orgCode, treasurer.passphrase);
    (listener.live as unknown as { socket: WebSocket }).socket.close(4000, 'network lost');
    await createNote(treasurer.client, treasurer.client.member.avatars[0]!.id, { text: 'written while it was away', hashtags: [] });
    await waitFor(async () => (await readNotes(listener.client, listener.store)).length === 1);
    await waitFor(() => listener.live.connected);
  });

  it('closes the channel when its session ends: sign-out, revocation', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const leaving = await session(treasurer.orgCode, treasurer.passphrase);
    const revoked = await session(treasurer.orgCode, treasurer.passphrase);
    await leaving.client.signOut();
    await waitFor(() => leaving.ended.length === 1);
    const { sessions } = await treasurer.client.call('account.sessions.list');
    const before = server.app.live.size;
    for (const s of sessions.filter((s) => !s.current)) await treasurer.client.call('account.sessions.revoke', { id: s.id });
    await waitFor(() => revoked.ended.length === 1);
    expect(revoked.ended).toEqual(['this session has ended']);
    expect(server.app.live.size).toBeLessThan(before);
  });

  it('refuses malformed messages and unknown tokens with close codes and reasons; drops sockets that stop answering', async () => {
    const treasurer = await spaceWithTreasurer(server.url);
    const closed = async (socket: WebSocket) => {
      const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
      return [code, reason.toString()];
    };
    expect(await closed(await raw('not json'))).toEqual([4400, 'expected {"type":"auth","token":…}']);
    expect(
      await closed(
        await raw(JSON.stringify({ type: 'auth', token: '10.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' })),
      ),
    ).toEqual([4001, 'this session is unknown or has ended']);
    const token = treasurer.client.sessionToken!;
    const chatty = await raw(JSON.stringify({ type: 'auth', token }));
    await once(chatty, 'message');
    chatty.send('{"type":"subscribe","to":"everything"}');
    expect(await closed(chatty)).toEqual([4400, 'expected {"type":"ping"}']);
    const mute = await raw(JSON.stringify({ type: 'auth', token }), { autoPong: false });
    await once(mute, 'message');
    const [code] = (await once(mute, 'close')) as [number];
    expect(code).toBe(1006);
  });
});
