import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { RawData, WebSocket } from 'ws';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/database.js';
import { perimeterOf } from '../../domain/perimeter.js';
import { principalOfToken } from '../auth/sessions.js';
import type { ChangeNotice, ChangeNotices } from '../pipeline/notices.js';

/** Close codes of the live channel, with the reason sent along. */
export const liveClose = {
  authRequired: 4001,
  sessionEnded: 4002,
  malformed: 4400,
  tooSlow: 4408,
  goingAway: 1001,
} as const;

interface Connection {
  socket: WebSocket;
  spaceId: number;
  accountId: string;
  sessionId: string;
  /** The ids of the subtrees of its perimeter. */
  subtrees: Set<string>;
  alive: boolean;
}

const authTimeoutMs = 10_000;
/** A client that lets this much pile up unread is dropped: it will catch up when it reconnects. */
const maxBufferedBytes = 1_000_000;

/**
 * The live channel: each signed-in session may hold a WebSocket at `/api/live` (authenticated by its
 * first message, `{"type":"auth","token":…}`, since browsers cannot set headers on it). After each
 * commit the hub tells the sessions whose perimeter holds a changed subtree `{"type":"changed",
 * "changes":[{subtree, version}]}`; the client then pulls. Heartbeats find dead sockets; sessions
 * that end (sign-out, revocation, deleted account) lose their socket at once.
 */
export class LiveHub {
  private readonly connections = new Set<Connection>();
  private readonly bySubtree = new Map<string, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
    notices: ChangeNotices,
  ) {
    notices.subscribe((batch) => this.deliver(batch));
  }

  get size(): number {
    return this.connections.size;
  }

  async install(app: FastifyInstance): Promise<void> {
    await app.register(websocket, { options: { maxPayload: 4096 } });
    app.get('/api/live', { websocket: true, schema: { hide: true } }, (socket) => this.accept(socket));
    this.heartbeat = setInterval(() => void this.beat(), this.config.live.heartbeatSeconds * 1000).unref();
    app.addHook('preClose', async () => {
      clearInterval(this.heartbeat);
      for (const connection of this.connections) connection.socket.close(liveClose.goingAway, 'the site is restarting');
    });
  }

  private accept(socket: WebSocket): void {
    const timer = setTimeout(() => socket.close(liveClose.authRequired, 'authenticate first'), authTimeoutMs);
    socket.once('message', (data: RawData) => {
      clearTimeout(timer);
      void this.authenticate(socket, data);
    });
  }

  /** The first message authenticates a member's session; the connection then follows that member's perimeter. */
  private async authenticate(socket: WebSocket, data: RawData): Promise<void> {
    const message = parse(data);
    if (message?.type !== 'auth' || typeof message.token !== 'string')
      return socket.close(liveClose.malformed, 'expected {"type":"auth","token":…}');
    try {
      const principal = await principalOfToken(this.store, this.config, message.token);
      if (principal.kind !== 'member') return socket.close(liveClose.authRequired, 'only members have a live channel');
      const connection: Connection = {
        socket,
        spaceId: principal.spaceId,
        accountId: principal.accountId,
        sessionId: principal.sessionId,
        subtrees: new Set(),
        alive: true,
      };
      await this.refresh(connection);
      this.connections.add(connection);
      socket.on('pong', () => (connection.alive = true));
      socket.on('message', (next: RawData) => {
        if (parse(next)?.type === 'ping') socket.send('{"type":"pong"}');
        else socket.close(liveClose.malformed, 'expected {"type":"ping"}');
      });
      socket.on('close', () => this.forget(connection));
      socket.send(JSON.stringify({ type: 'ready' }));
    } catch {
      socket.close(liveClose.authRequired, 'this session is unknown or has ended');
    }
  }

  /** Reads the connection's perimeter again and indexes it. */
  private async refresh(connection: Connection): Promise<void> {
    const perimeter = await perimeterOf(this.store.db, connection);
    for (const subtree of connection.subtrees) this.bySubtree.get(`${connection.spaceId}:${subtree}`)?.delete(connection);
    connection.subtrees = new Set(perimeter.map((s) => s.id));
    for (const subtree of connection.subtrees) {
      const key = `${connection.spaceId}:${subtree}`;
      if (!this.bySubtree.has(key)) this.bySubtree.set(key, new Set());
      this.bySubtree.get(key)!.add(connection);
    }
  }

  private forget(connection: Connection): void {
    this.connections.delete(connection);
    for (const subtree of connection.subtrees) {
      const key = `${connection.spaceId}:${subtree}`;
      this.bySubtree.get(key)?.delete(connection);
      if (this.bySubtree.get(key)?.size === 0) this.bySubtree.delete(key);
    }
  }

  private deliver(notices: ChangeNotice[]): void {
    const changes = new Map<Connection, { subtree: string; version?: number }[]>();
    for (const notice of notices) {
      if ('endedSession' in notice || 'endedAccount' in notice) {
        for (const c of this.connections) {
          if (
            c.spaceId === notice.spaceId &&
            ('endedSession' in notice ? c.sessionId === notice.endedSession : c.accountId === notice.endedAccount)
          )
            c.socket.close(liveClose.sessionEnded, 'this session has ended');
        }
        continue;
      }
      for (const connection of this.bySubtree.get(`${notice.spaceId}:${notice.subtree}`) ?? []) {
        changes.set(connection, [...(changes.get(connection) ?? []), { subtree: notice.subtree, version: notice.version }]);
      }
    }
    for (const [connection, list] of changes) {
      if (connection.socket.bufferedAmount > maxBufferedBytes) {
        connection.socket.close(liveClose.tooSlow, 'too far behind: reconnect and catch up');
        continue;
      }
      // The account's own subtree changing means its perimeter did (an avatar came or went).
      const send = () => connection.socket.send(JSON.stringify({ type: 'changed', changes: list }));
      if (list.some((c) => c.subtree === connection.accountId))
        void this.refresh(connection).then(send, (error) => this.log.warn({ err: error }, 'could not refresh a live perimeter'));
      else send();
    }
  }

  /** Drops sockets that did not answer the last ping, and sessions that ended elsewhere (another node, expiry). */
  private async beat(): Promise<void> {
    const open = await this.openSessions().catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not check the live sessions; trying again at the next heartbeat');
      return null;
    });
    for (const connection of this.connections) {
      if (open && !open.has(`${connection.spaceId}.${connection.sessionId}`)) {
        connection.socket.close(liveClose.sessionEnded, 'this session has ended');
      } else if (!connection.alive) {
        connection.socket.terminate();
      } else {
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }

  /** Which of the connected sessions are still open, read in a few queries whatever their number. */
  private async openSessions(): Promise<Set<string>> {
    const ids = [...new Set([...this.connections].map((c) => c.sessionId))];
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
      for (const row of rows) open.add(`${row.space_id}.${row.id}`);
    }
    return open;
  }
}

function parse(data: RawData): { type?: unknown; token?: unknown } | null {
  try {
    // The socket's binaryType is the default, 'nodebuffer': a message arrives as one Buffer.
    const value = JSON.parse((data as Buffer).toString()) as unknown;
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}
