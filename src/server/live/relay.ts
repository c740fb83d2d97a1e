import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { MessageChannel, Store } from '../../store/database.js';
import type { ChangeNotice, ChangeNotices } from '../pipeline/notices.js';

// Room left in a message for its envelope (the node's id).
const envelopeRoom = 64;

/**
 * Carries change notices between the nodes that share the site's database, through the store's
 * message channel (PostgreSQL), so that a session connected to one node hears of a write made on
 * another. Each node ignores its own. Nothing to carry on SQLite, which serves one node.
 */
export class NoticeRelay {
  private readonly node = randomBytes(6).toString('hex');
  private channel: MessageChannel | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly pending: ChangeNotice[] = [];
  private sending: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly notices: ChangeNotices,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    if (!this.store.openChannel) return;
    this.channel = await this.store.openChannel(
      (payload) => {
        try {
          const { node, notices } = JSON.parse(payload) as { node: string; notices: ChangeNotice[] };
          if (node !== this.node) this.notices.publish(notices, { relayed: true });
        } catch (error) {
          this.log.warn({ err: error }, 'ignored a malformed relayed notice');
        }
      },
      (error) => this.log.error({ err: error }, 'the notice relay lost its database connection'),
    );
    this.unsubscribe = this.notices.subscribe((batch, origin) => {
      if (origin.relayed) return;
      this.pending.push(...batch);
      this.sending ??= this.sendPending();
    });
  }

  /**
   * Sends what is pending, one message at a time on the relay's channel: under load, the notices
   * of many commits go together, and a write costs the database a fraction of a statement.
   */
  private async sendPending(): Promise<void> {
    const channel = this.channel!;
    const room = channel.maxPayload - envelopeRoom;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      const chunks: ChangeNotice[][] = [[]];
      let length = 0;
      for (const notice of batch) {
        const size = JSON.stringify(notice).length + 1;
        if (length + size > room && chunks[chunks.length - 1]!.length) {
          chunks.push([]);
          length = 0;
        }
        chunks[chunks.length - 1]!.push(notice);
        length += size;
      }
      try {
        for (const chunk of chunks) await channel.send(JSON.stringify({ node: this.node, notices: chunk }));
      } catch (error) {
        // The other nodes' sessions will see the change at their next pull.
        this.log.warn({ err: error }, 'could not relay change notices to the other nodes');
      }
    }
    this.sending = undefined;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.sending;
    await this.channel?.close();
  }
}
