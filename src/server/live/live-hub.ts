import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { RawData, WebSocket } from 'ws';
import type { Config } from '../../config/schema.js';
import { errorCodes, IlotError } from '../../shared/errors.js';
import type { Store } from '../../store/database.js';
import { activeGroupsOf } from '../../domain/groups.js';
import { perimeterOf } from '../../domain/perimeter.js';
import type { Member, Principal } from '../../domain/principal.js';
import { principalOfToken } from '../auth/sessions.js';
import { addressGroup } from '../../domain/addresses.js';
import { clientAddress } from '../http/client-address.js';
import type { ChangeNotice, ChangeNotices } from '../pipeline/notices.js';
import { MessageRate, Slots } from './bounds.js';
import { FaultLog } from './fault-log.js';
import { liveClose, maxMessageBytes, readMessage } from './protocol.js';

interface Connection {
  socket: WebSocket;
  spaceId: number;
  accountId: string;
  /** The account's partition, told of its partition's notifications (from sign-in: an account does not change partition meanwhile). */
  partitionId: string | null;
  sessionId: string;
  /** Opens the session's state, to read its perimeter again when the session presents other avatars. */
  token: string;
  /** The ids of the subtrees of its perimeter. */
  subtrees: Set<string>;
  alive: boolean;
}

/** A client that lets this much pile up unread is dropped: it will catch up when it reconnects. */
const maxBufferedBytes = 1_000_000;
/** A closing handshake the client does not finish is cut after this long (ws waits 30 s). */
const closeTimeoutMs = 5_000;
/** Fragments of one message (ws accepts 16,384 by default, even empty ones). */
const maxFragments = 64;

/**
 * The live channel: each signed-in session may hold a WebSocket at `/api/live` (authenticated by its
 * first message, `{"type":"auth","token":…}`, since browsers cannot set headers on it). After each
 * commit the hub tells the sessions whose perimeter holds a changed subtree `{"type":"changed",
 * "changes":[{subtree, version}]}`; the client then pulls. After an operator changed a space's
 * state, its sessions are told `{"type":"space"}`; after the notification of a partition or an
 * account changed, the sessions concerned are told `{"type":"notification"}`. Heartbeats find dead sockets; sessions
 * that end (sign-out, revocation, deleted account) lose their socket at once.
 *
 * What a socket may hold is bounded: sockets per session and per client address, the time to
 * authenticate, the size, fragments and depth of a message, messages per minute, unread output.
 */
export class LiveHub {
  private readonly connections = new Map<WebSocket, Connection>();
  private readonly bySubtree = new Map<string, Set<Connection>>();
  private readonly perAddress: Slots;
  private readonly perSession: Slots;
  private readonly faults: FaultLog;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
    notices: ChangeNotices,
  ) {
    this.perAddress = new Slots(config.live.maxSocketsPerAddress);
    this.perSession = new Slots(config.live.maxSocketsPerSession);
    this.faults = new FaultLog(log);
    notices.subscribe((batch) => this.deliver(batch));
  }

  /** Signed-in connections. */
  get size(): number {
    return this.connections.size;
  }

  /** Open sockets, signed in or not. */
  get sockets(): number {
    return this.perAddress.total;
  }

  /** Session slots held: by signed-in sockets, and for a moment by sockets still signing in. */
  get sessionSlots(): number {
    return this.perSession.total;
  }

  async install(app: FastifyInstance): Promise<void> {
    // A variable, not a literal: @types/ws does not know closeTimeout yet (ws 8.23 does).
    const options = { maxPayload: maxMessageBytes, maxFragments, closeTimeout: closeTimeoutMs };
    await app.register(websocket, {
      options,
      errorHandler: (error, socket, request) => this.failed(error, socket, request),
    });
    app.get('/api/live', { websocket: true, schema: { hide: true } }, (socket, request) => this.accept(socket, request));
    this.heartbeat = setInterval(() => void this.beat(), this.config.live.heartbeatSeconds * 1000).unref();
    app.addHook('preClose', async () => {
      clearInterval(this.heartbeat);
      for (const socket of this.connections.keys()) socket.close(liveClose.goingAway, 'the site is restarting');
    });
  }

  /**
   * An error on a socket: those of ws (an oversized or invalid frame) come from what the client sent,
   * and ws closes the socket itself; anything else is a defect here.
   */
  private failed(error: Error, socket: WebSocket, request: FastifyRequest): void {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
      this.faults.warn(code, { address: clientAddress(request), reason: error.message }, 'closed a live socket that sent an invalid frame');
      return;
    }
    request.log.error({ err: error }, 'live channel failure');
    socket.terminate();
  }

  private accept(socket: WebSocket, request: FastifyRequest): void {
    const address = addressGroup(clientAddress(request));
    if (!this.perAddress.take(address)) return refuse(socket);
    const { authTimeoutSeconds, maxMessagesPerMinute } = this.config.live;
    const deadline = setTimeout(
      () => socket.close(liveClose.tooSlow, `authenticate within ${authTimeoutSeconds} s`),
      authTimeoutSeconds * 1000,
    ).unref();
    socket.on('close', () => {
      clearTimeout(deadline);
      this.perAddress.release(address);
      this.forget(socket);
    });

    const rate = new MessageRate(maxMessagesPerMinute);
    const overRate = () => {
      if (rate.allow()) return false;
      socket.close(liveClose.tooMany, `more than ${maxMessagesPerMinute} messages a minute`);
      return true;
    };
    socket.on('ping', overRate);
    let signingIn = false;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (socket.readyState !== socket.OPEN || overRate()) return;
      if (this.connections.has(socket)) {
        const read = readMessage(data, isBinary, 'ping');
        if ('refused' in read) socket.close(liveClose.malformed, read.refused);
        else socket.send('{"type":"pong"}');
      } else if (!signingIn) {
        signingIn = true;
        const read = readMessage(data, isBinary, 'auth');
        if ('refused' in read) socket.close(liveClose.malformed, read.refused);
        else void this.authenticate(socket, read.message.token, deadline);
      }
      // Other messages while it signs in are dropped: a client waits for {"type":"ready"}.
    });
  }

  /** Signs a socket in as a member's session; the connection then follows that member's perimeter. */
  private async authenticate(socket: WebSocket, token: string, deadline: NodeJS.Timeout): Promise<void> {
    let principal: Principal;
    try {
      principal = await principalOfToken(this.store, this.config, token);
    } catch (error) {
      return this.unchecked(socket, error);
    }
    if (principal.kind !== 'member') return socket.close(liveClose.authRequired, 'only members have a live channel');
    if (socket.readyState !== socket.OPEN) return;
    const session = sessionKey(principal);
    if (!this.perSession.take(session)) return refuse(socket);
    const connection: Connection = {
      socket,
      spaceId: principal.spaceId,
      accountId: principal.accountId,
      partitionId: principal.partitionId,
      sessionId: principal.sessionId,
      token,
      subtrees: new Set(),
      alive: true,
    };
    let subtrees: Set<string>;
    try {
      subtrees = await this.perimeterIds(principal);
    } catch (error) {
      this.perSession.release(session);
      return this.unchecked(socket, error);
    }
    // Closed meanwhile (the deadline, the client): its close event has passed, so nothing is kept.
    if (socket.readyState !== socket.OPEN) return this.perSession.release(session);
    clearTimeout(deadline);
    this.connections.set(socket, connection);
    this.index(connection, subtrees);
    socket.on('pong', () => (connection.alive = true));
    socket.send(JSON.stringify({ type: 'ready' }));
  }

  /** The token was refused, or could not be checked (the database failed: the client tries again later). */
  private unchecked(socket: WebSocket, error: unknown): void {
    if (error instanceof IlotError) return socket.close(liveClose.authRequired, 'this session is unknown or has ended');
    this.faults.warn('live-auth-failed', { err: error }, 'could not check a live session; its client will try again');
    socket.close(liveClose.unavailable, 'the site could not check this session; try again later');
  }

  /** The perimeter's subtrees, and the groups where the session's avatars are active (their changes of membership and chat). */
  private async perimeterIds(member: Member): Promise<Set<string>> {
    const [perimeter, groups] = await Promise.all([
      perimeterOf(this.store.db, member),
      activeGroupsOf(this.store.db, member.spaceId, member.avatars),
    ]);
    return new Set([...perimeter.map((s) => s.id), ...groups.map((g) => g.groupId)]);
  }

  /** Reads the connection's session, then its perimeter, again and indexes it (unless it closed meanwhile). */
  private async refresh(connection: Connection): Promise<void> {
    const principal = await principalOfToken(this.store, this.config, connection.token);
    if (principal.kind !== 'member') return;
    const subtrees = await this.perimeterIds(principal);
    if (this.connections.get(connection.socket) !== connection) return;
    this.unindex(connection);
    this.index(connection, subtrees);
  }

  private index(connection: Connection, subtrees: Set<string>): void {
    connection.subtrees = subtrees;
    for (const subtree of subtrees) {
      const key = `${connection.spaceId}:${subtree}`;
      let listeners = this.bySubtree.get(key);
      if (!listeners) this.bySubtree.set(key, (listeners = new Set()));
      listeners.add(connection);
    }
  }

  private unindex(connection: Connection): void {
    for (const subtree of connection.subtrees) {
      const key = `${connection.spaceId}:${subtree}`;
      const listeners = this.bySubtree.get(key);
      listeners?.delete(connection);
      if (listeners?.size === 0) this.bySubtree.delete(key);
    }
  }

  private forget(socket: WebSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    this.connections.delete(socket);
    this.unindex(connection);
    this.perSession.release(sessionKey(connection));
  }

  private deliver(notices: ChangeNotice[]): void {
    // Each connection's changes, as the indexes of the notices it hears.
    const changes = new Map<Connection, number[]>();
    for (const [index, notice] of notices.entries()) {
      // For the fleet's agents (http/agent-poll.ts), not for members' connections.
      if ('fleetHost' in notice) continue;
      if ('presentedSession' in notice) {
        for (const c of this.connections.values()) {
          if (c.spaceId === notice.spaceId && c.sessionId === notice.presentedSession)
            void this.refresh(c).then(
              () => c.socket.send(JSON.stringify({ type: 'changed', changes: [{ subtree: c.accountId }] })),
              (error: unknown) => this.log.warn({ err: error }, 'could not refresh a live perimeter'),
            );
        }
        continue;
      }
      if ('spaceChanged' in notice || 'notified' in notice) {
        const message = 'notified' in notice ? '{"type":"notification"}' : '{"type":"space"}';
        for (const c of this.connections.values()) {
          if (c.spaceId !== notice.spaceId) continue;
          if ('notified' in notice && (notice.notified === 'account' ? c.accountId : c.partitionId) !== notice.target) continue;
          if (c.socket.bufferedAmount > maxBufferedBytes) c.socket.close(liveClose.tooSlow, 'too far behind: reconnect and catch up');
          else c.socket.send(message);
        }
        continue;
      }
      if ('membershipsOf' in notice) {
        for (const c of [...(this.bySubtree.get(`${notice.spaceId}:${notice.membershipsOf}`) ?? [])])
          void this.refresh(c).then(
            () => c.socket.send(JSON.stringify({ type: 'changed', changes: [{ subtree: notice.membershipsOf }] })),
            (error: unknown) => this.log.warn({ err: error }, 'could not refresh a live perimeter'),
          );
        continue;
      }
      if ('endedSession' in notice || 'endedAccount' in notice) {
        for (const c of this.connections.values()) {
          if (
            c.spaceId === notice.spaceId &&
            ('endedSession' in notice ? c.sessionId === notice.endedSession : c.accountId === notice.endedAccount)
          )
            c.socket.close(liveClose.sessionEnded, 'this session has ended');
        }
        continue;
      }
      for (const connection of this.bySubtree.get(`${notice.spaceId}:${notice.subtree}`) ?? []) {
        let list = changes.get(connection);
        if (!list) changes.set(connection, (list = []));
        list.push(index);
      }
    }
    // One message per set of changes, serialized once for all the connections that hear that set
    // (a group's edit reaches each of its members' sessions), and encoded once: sent as text.
    const messages = new Map<string, Buffer>();
    const messageOf = (list: number[]) => {
      const key = list.join(',');
      let message = messages.get(key);
      if (!message) {
        const changed = list.map((i) => notices[i] as { subtree: string; version?: number });
        message = Buffer.from(
          JSON.stringify({ type: 'changed', changes: changed.map((n) => ({ subtree: n.subtree, version: n.version })) }),
        );
        messages.set(key, message);
      }
      return message;
    };
    for (const [connection, list] of changes) {
      if (connection.socket.bufferedAmount > maxBufferedBytes) {
        connection.socket.close(liveClose.tooSlow, 'too far behind: reconnect and catch up');
        continue;
      }
      const message = messageOf(list);
      const send = () => connection.socket.send(message, { binary: false });
      // The account's own subtree changing means its perimeter did (an avatar came or went).
      if (list.some((i) => (notices[i] as { subtree: string }).subtree === connection.accountId))
        void this.refresh(connection).then(send, (error) => this.log.warn({ err: error }, 'could not refresh a live perimeter'));
      else send();
    }
  }

  /**
   * Drops sockets that did not answer the last ping, and sessions that ended elsewhere (another node,
   * expiry). Only the connections there when the check began are judged: one that signs in while
   * the sessions are read is not in what they say (many did, and were dropped, while a thousand
   * sessions connected on PostgreSQL).
   */
  private async beat(): Promise<void> {
    const connections = [...this.connections.values()];
    const open = await this.openSessions(connections).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not check the live sessions; trying again at the next heartbeat');
      return null;
    });
    for (const connection of connections) {
      // Closed meanwhile.
      if (this.connections.get(connection.socket) !== connection) continue;
      if (open && !open.has(sessionKey(connection))) {
        connection.socket.close(liveClose.sessionEnded, 'this session has ended');
      } else if (!connection.alive) {
        connection.socket.terminate();
      } else {
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }

  /** Which of these connections' sessions are still open, read in a few queries whatever their number. */
  private async openSessions(connections: Connection[]): Promise<Set<string>> {
    const ids = [...new Set(connections.map((c) => c.sessionId))];
    const open = new Set<string>();
    const now = Date.now();
    for (let start = 0; start < ids.length; start += 1000) {
      const rows = await this.store.db
        .selectFrom('sessions')
        .select(['space_id', 'id'])
        .where('id', 'in', ids.slice(start, start + 1000))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      for (const row of rows) open.add(sessionKey({ spaceId: row.space_id, sessionId: row.id }));
    }
    return open;
  }
}

function sessionKey(session: { spaceId: number; sessionId: string }): string {
  return `${session.spaceId}.${session.sessionId}`;
}

/** Refuses a socket over a cap: the stable code in a last message, its text as the close reason. */
function refuse(socket: WebSocket): void {
  const { message } = errorCodes.LIVE_SOCKETS_EXHAUSTED;
  socket.send(JSON.stringify({ type: 'error', code: 'LIVE_SOCKETS_EXHAUSTED', message }));
  socket.close(liveClose.tooMany, message);
}
