import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { IlotClient } from '../../client/client.js';
import { LiveSync } from '../../client/live.js';
import { MemoryStore } from '../../client/local-store.js';
import { errorCodes } from '../../shared/errors.js';
import { describeEngines } from '../../../test/support/engines.js';
import { waitFor } from '../../../test/support/wait.js';
import { withOperators } from '../../../test/support/operators.js';
import { spaceWithTreasurer } from '../../../test/support/members.js';
import { startTestServer, type TestServer } from '../../../test/support/server.js';

/** A raw socket on the live channel, with what it received and how it closed. */
interface Peer {
  socket: WebSocket;
  received: { type: string; code?: string; message?: string }[];
  closed: Promise<[number, string]>;
}

/** A client frame of under 126 bytes: the first byte (FIN, RSV, opcode), a zero mask, the payload as is. */
const frame = (first: number, payload: Buffer) => Buffer.concat([Buffer.from([first, 0x80 | payload.length, 0, 0, 0, 0]), payload]);

const exhausted = errorCodes.LIVE_SOCKETS_EXHAUSTED.message;
// pino's numeric levels.
const warnLevel = 40;
const errorLevel = 50;

describeEngines('live channel bounds', (engine) => {
  let server: TestServer;
  let treasurer: Awaited<ReturnType<typeof spaceWithTreasurer>>;
  const peers: Peer[] = [];
  beforeAll(async () => {
    server = await startTestServer(engine, {
      ...(await withOperators()),
      live: { maxSocketsPerSession: 2, maxSocketsPerAddress: 5, maxMessagesPerMinute: 10 },
    });
    treasurer = await spaceWithTreasurer(server.url);
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.socket.terminate();
    await waitFor(() => server.app.live.sockets === 0, { what: 'every socket of the test closed on the server' });
  });
  afterAll(async () => {
    const errors = server.logs.lines.filter((line) => (line.level as number) >= errorLevel);
    await server.stop();
    // Whatever the clients did, the server wrote no error line.
    expect(errors).toEqual([]);
  });

  async function open(first?: string | Buffer): Promise<Peer> {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    const peer: Peer = {
      socket,
      received: [],
      closed: new Promise((closed) => socket.on('close', (code, reason) => closed([code, reason.toString()]))),
    };
    peers.push(peer);
    socket.on('message', (data: Buffer) => peer.received.push(JSON.parse(data.toString()) as Peer['received'][number]));
    socket.on('error', () => undefined);
    await once(socket, 'open');
    if (first !== undefined) socket.send(first);
    return peer;
  }

  /** A plain TCP connection upgraded to the live channel, for frames that no WebSocket client would send. */
  async function upgraded(): Promise<Socket> {
    const tcp = connect(Number(new URL(server.url).port), '127.0.0.1');
    tcp.write(
      `GET /api/live HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const [head] = (await once(tcp, 'data')) as [Buffer];
    expect(head.toString()).toMatch(/^HTTP\/1\.1 101 /);
    return tcp;
  }

  const auth = (token: string, extra: object = {}) => JSON.stringify({ type: 'auth', token, ...extra });

  /** A socket signed in with the token, once the server said it is ready. */
  async function signedIn(token: string): Promise<Peer> {
    const peer = await open(auth(token));
    await waitFor(() => peer.received.some((m) => m.type === 'ready'), { what: 'the live channel ready' });
    return peer;
  }

  async function newSession(): Promise<string> {
    const client = new IlotClient(server.url);
    await client.signIn(treasurer.orgCode, treasurer.passphrase);
    return client.sessionToken!;
  }

  async function expectRefused(peer: Peer): Promise<void> {
    expect(await peer.closed).toEqual([4429, exhausted]);
    expect(peer.received).toEqual([{ type: 'error', code: 'LIVE_SOCKETS_EXHAUSTED', message: exhausted }]);
  }

  it('caps the sockets of a session; one that closes frees its slot', async () => {
    const token = await newSession();
    const [first] = [await signedIn(token), await signedIn(token)];
    await expectRefused(await open(auth(token)));
    // Another session of the same account has its own slots.
    await signedIn(await newSession());
    first.socket.close();
    await waitFor(() => server.app.live.size === 2, { what: 'the closed socket forgotten' });
    await signedIn(token);
  });

  it('an SDK client refused for want of a slot keeps trying, and connects once one frees', async () => {
    const client = new IlotClient(server.url);
    await client.signIn(treasurer.orgCode, treasurer.passphrase);
    const [first] = [await signedIn(client.sessionToken!), await signedIn(client.sessionToken!)];
    const ended: string[] = [];
    const live = new LiveSync(client, new MemoryStore(), {
      WebSocket: WebSocket as never,
      initialDelayMs: 50,
      onEnded: (r) => ended.push(r),
    });
    try {
      await expect(live.start()).rejects.toThrow('live channel closed (4429)');
      first.socket.close();
      await waitFor(() => live.connected, { what: 'the SDK connected once a slot freed' });
      expect(ended).toEqual([]);
    } finally {
      live.stop();
    }
  });

  it('caps the sockets of an address, signed in or not; one that closes frees its slot', async () => {
    // Sessions first: the unauthenticated sockets must not reach their deadline during the test.
    const tokens = [await newSession(), await newSession(), await newSession()];
    const waiting = [await open(), await open(), await open()];
    await signedIn(tokens[0]!);
    await signedIn(tokens[1]!);
    await expectRefused(await open());
    waiting[0]!.socket.close();
    await waitFor(() => server.app.live.sockets === 4, { what: 'the closed socket forgotten' });
    await signedIn(tokens[2]!);
  });

  it('frees the slot of a socket that closes while it signs in', async () => {
    const token = await newSession();
    for (let i = 0; i < 3; i++) {
      // The auth message and the end of the connection arrive together: the socket closes while its session is read.
      const tcp = await upgraded();
      tcp.end(frame(0x81, Buffer.from(auth(token))));
      await once(tcp, 'close');
    }
    // A socket that closed while its session was read gives back its session slot once the read ends.
    await waitFor(() => server.app.live.sockets === 0 && server.app.live.sessionSlots === 0, { what: 'the sockets forgotten' });
    expect(server.app.live.size).toBe(0);
    await signedIn(token);
    await signedIn(token);
  });

  it('closes a socket that sends more messages or pings than its allowance', async () => {
    const chatty = await signedIn(await newSession());
    for (let i = 0; i < 20; i++) chatty.socket.send('{"type":"ping"}');
    expect(await chatty.closed).toEqual([4429, 'more than 10 messages a minute']);
    // The auth message counted: at most nine pings were answered.
    expect(chatty.received.filter((m) => m.type === 'pong').length).toBe(9);
    const pinging = await signedIn(await newSession());
    for (let i = 0; i < 20; i++) pinging.socket.ping();
    expect(await pinging.closed).toEqual([4429, 'more than 10 messages a minute']);
  });

  it('refuses nesting deeper than 64 levels before parsing, whether signed in or not', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const token = await newSession();
    // The auth object is one level, its field 63 more: 64 in all.
    const deepest = await open(`{"type":"auth","token":"${token}","x":${nested(63)}}`);
    await waitFor(() => deepest.received.some((m) => m.type === 'ready'), { what: 'a message of 64 levels accepted' });
    expect(await (await open(`{"type":"auth","token":"${token}","x":${nested(64)}}`)).closed).toEqual([
      4400,
      'nested deeper than 64 levels',
    ]);
    expect(await (await open(nested(2000))).closed).toEqual([4400, 'nested deeper than 64 levels']);
    // Brackets inside strings are not nesting.
    const quoted = await open(auth(token, { x: '['.repeat(500) + '\\"' + '{'.repeat(500) }));
    await waitFor(() => quoted.received.some((m) => m.type === 'ready'), { what: 'brackets in a string accepted' });
    deepest.socket.send(`{"type":"ping","x":${nested(100)}}`);
    expect(await deepest.closed).toEqual([4400, 'nested deeper than 64 levels']);
  });

  it('refuses binary messages, and closes the sockets of bad tokens and of operators', async () => {
    expect(await (await open(Buffer.from(auth(await newSession())))).closed).toEqual([4400, 'expected a text message']);
    expect(await (await open(auth('10.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'))).closed).toEqual([
      4001,
      'this session is unknown or has ended',
    ]);
    expect(await (await open(auth('x'.repeat(3000)))).closed).toEqual([4001, 'this session is unknown or has ended']);
    expect(await (await open(auth(treasurer.operator.sessionToken!))).closed).toEqual([4001, 'only members have a live channel']);
    const member = await signedIn(await newSession());
    member.socket.send(Buffer.from('{"type":"ping"}'));
    expect(await member.closed).toEqual([4400, 'expected a text message']);
  });

  it('logs a hundred oversized frames, and invalid frames, as a few throttled warnings and no error', async () => {
    for (let i = 0; i < 100; i++) {
      const peer = await open('x'.repeat(5000));
      expect((await peer.closed)[0]).toBe(1009);
    }
    const garbage = [
      Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      Buffer.from([0x81, 0x02, 0x68, 0x69]), // unmasked
      frame(0x83, Buffer.from('x')), // no such opcode
      frame(0x81, Buffer.from([0xff, 0xfe])), // not UTF-8
    ];
    for (const bytes of garbage) {
      const tcp = await upgraded();
      tcp.write(bytes);
      // The server's close frame: hang up in turn.
      tcp.on('data', () => tcp.end());
      await once(tcp, 'close');
    }
    const warnings = () => server.logs.lines.filter((line) => line.level === warnLevel && String(line.kind).startsWith('WS_ERR_'));
    await waitFor(() => warnings().some((line) => line.kind === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), {
      what: 'the oversized frames told',
    });
    // One line per kind (two if a minute passed), however many frames.
    expect(warnings().filter((line) => line.kind === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH').length).toBeLessThanOrEqual(2);
    expect(warnings().length).toBeLessThanOrEqual(2 * (garbage.length + 1));
    expect(server.logs.lines.filter((line) => (line.level as number) >= errorLevel)).toEqual([]);
  });
});

describeEngines('live channel sign-in', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { ...(await withOperators()), live: { authTimeoutSeconds: 1 } });
  });
  afterAll(() => server.stop());

  const closed = async (socket: WebSocket) => {
    const [code, reason] = (await once(socket, 'close')) as [number, Buffer];
    return [code, reason.toString()];
  };

  it('closes a socket that does not authenticate in time, and frees its slot', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    expect(await closed(socket)).toEqual([4408, 'authenticate within 1 s']);
    await waitFor(() => server.app.live.sockets === 0, { what: 'the socket forgotten' });
  });

  it('asks the client to come back later, not to sign in again, when the session cannot be checked', async () => {
    const { client } = await spaceWithTreasurer(server.url);
    // The last test of this server: its database goes away.
    await server.store.close();
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`);
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'auth', token: client.sessionToken }));
    expect(await closed(socket)).toEqual([1011, 'the site could not check this session; try again later']);
    expect(server.logs.lines.filter((line) => line.kind === 'live-auth-failed').map((line) => line.level)).toEqual([warnLevel]);
  });
});
