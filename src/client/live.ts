import type { IlotClient } from './client.js';
import type { LocalStore } from './local-store.js';
import { catchUp } from './notes.js';

export interface LiveOptions {
  /** Called after each catch-up the live channel ran (on a notice, or on (re)connection), with the subtrees announced. */
  onChange?: (subtrees: string[]) => void;
  /**
   * Called when an operator changed the space (froze it, posted a notification…), when the
   * notification of the account or its partition changed, and on each (re)connection: its status
   * (account.show: notifications and restrictions) is to be read again.
   */
  onSpaceChanged?: () => void;
  /** Called once when the session has ended (signed out, revoked, account deleted): no reconnection. */
  onEnded?: (reason: string) => void;
  /** First reconnection delay, doubled up to `maxDelayMs` (with jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How often the client checks the server still answers. */
  pingEveryMs?: number;
  /** The WebSocket class, where the platform has none (Node 20: the `ws` package's); browsers need not give it. */
  WebSocket?: SocketClass;
}

type Socket = WebSocket;
type SocketClass = new (url: string) => Socket;

const sessionEnded = new Set([4001, 4002]);

/**
 * Keeps a local store current without polling: the live channel announces changed subtrees and the
 * client pulls. A dropped connection is opened again with back-off and catches up on reconnection.
 */
export class LiveSync {
  private socket: Socket | undefined;
  private stopped = false;
  private delay: number;
  private pulling: Promise<void> | undefined;
  private pullAgain = false;
  private pending = new Set<string>();
  private keyringChanged = false;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private answered = true;
  private reconnect: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: IlotClient,
    private readonly store: LocalStore,
    private readonly options: LiveOptions = {},
  ) {
    this.delay = options.initialDelayMs ?? 500;
  }

  /** Catches up, then listens; resolves once the channel is open. */
  async start(): Promise<void> {
    await catchUp(this.client, this.store);
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnect);
    clearInterval(this.pinger);
    this.socket?.close(1000, 'client stopped');
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  private async connect(): Promise<void> {
    const Socket = this.options.WebSocket ?? globalThis.WebSocket;
    if (!Socket) throw new Error('This platform has no WebSocket: pass one in the options of LiveSync (in Node 20, the ws package).');
    const socket = new Socket(`${this.client.url.replace(/^http/, 'ws')}/api/live`);
    this.socket = socket;
    await new Promise<void>((ready, fail) => {
      socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.client.sessionToken })));
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data)) as { type: string; changes?: { subtree: string; version?: number }[] };
        this.answered = true;
        if (message.type === 'ready') {
          this.delay = this.options.initialDelayMs ?? 500;
          ready();
          // What changed while the channel was down, the space's state included.
          this.schedule([]);
          this.options.onSpaceChanged?.();
        } else if (message.type === 'space' || message.type === 'notification') {
          this.options.onSpaceChanged?.();
        } else if (message.type === 'changed') {
          const changes = message.changes ?? [];
          // The account's subtree at a newer revision: another session changed the keyring.
          const account = this.client.account;
          if (account && changes.some((c) => c.subtree === account.id && (c.version ?? 0) > account.keyringRevision))
            this.keyringChanged = true;
          this.schedule(changes.map((c) => c.subtree));
        }
      });
      socket.addEventListener('close', (event) => {
        clearInterval(this.pinger);
        fail(new Error(`live channel closed (${event.code})`));
        if (this.stopped || this.socket !== socket) return;
        if (sessionEnded.has(event.code)) {
          this.stopped = true;
          this.options.onEnded?.(event.reason);
          return;
        }
        const wait = this.delay * (0.5 + Math.random());
        this.delay = Math.min(this.delay * 2, this.options.maxDelayMs ?? 30_000);
        this.reconnect = setTimeout(() => void this.connect().catch(() => undefined), wait);
      });
      socket.addEventListener('error', () => undefined);
    });
    this.pinger = setInterval(() => {
      // No answer since the last ping: the connection is dead even if the socket does not know it.
      if (!this.answered) return socket.close(4000, 'no answer');
      this.answered = false;
      socket.send('{"type":"ping"}');
    }, this.options.pingEveryMs ?? 25_000);
  }

  /** One pull at a time; notices arriving meanwhile make it pull once more. */
  private schedule(subtrees: string[]): void {
    for (const s of subtrees) this.pending.add(s);
    if (this.pulling) {
      this.pullAgain = true;
      return;
    }
    this.pulling = (async () => {
      do {
        this.pullAgain = false;
        const announced = [...this.pending];
        this.pending.clear();
        if (this.keyringChanged) {
          this.keyringChanged = false;
          await this.client.readKeyring();
          await this.client.presentAvatars();
        }
        await catchUp(this.client, this.store);
        // Also after the catch-up on (re)connection: what it brought was announced to nobody.
        this.options.onChange?.(announced);
      } while (this.pullAgain);
    })()
      .catch(() => undefined)
      .finally(() => (this.pulling = undefined));
  }
}
