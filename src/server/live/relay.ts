import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { ChangeNotice, ChangeNotices } from '../pipeline/notices.js';

// NOTIFY payloads must stay under 8000 bytes: notices go in chunks well below (the envelope included).
const maxPayload = 7000 - 64;

/**
 * Carries change notices between the nodes of a site on PostgreSQL (LISTEN/NOTIFY), so that a
 * session connected to one node hears of a write made on another. Each node ignores its own.
 */
export class PostgresRelay {
  private readonly node = randomBytes(6).toString('hex');
  private readonly channel: string;
  private client: pg.Client | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly pending: ChangeNotice[] = [];
  private sending: Promise<void> | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly notices: ChangeNotices,
    private readonly log: FastifyBaseLogger,
  ) {
    // One channel per database and schema: the nodes of one site share it, other sites do not.
    this.channel = `ilot_${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 16)}`;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', (error) => this.log.error({ err: error }, 'the notice relay lost its database connection'));
    client.on('notification', (message) => {
      try {
        const { node, notices } = JSON.parse(message.payload ?? '') as { node: string; notices: ChangeNotice[] };
        if (node !== this.node) this.notices.publish(notices, { relayed: true });
      } catch (error) {
        this.log.warn({ err: error }, 'ignored a malformed relayed notice');
      }
    });
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.client = client;
    this.unsubscribe = this.notices.subscribe((batch, origin) => {
      if (origin.relayed) return;
      this.pending.push(...batch);
      this.sending ??= this.sendPending();
    });
  }

  /**
   * Sends what is pending, one NOTIFY at a time on the relay's connection: under load, the notices
   * of many commits go together, and a write costs the database a fraction of a statement.
   */
  private async sendPending(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      const chunks: ChangeNotice[][] = [[]];
      let length = 0;
      for (const notice of batch) {
        const size = JSON.stringify(notice).length + 1;
        if (length + size > maxPayload && chunks[chunks.length - 1]!.length) {
          chunks.push([]);
          length = 0;
        }
        chunks[chunks.length - 1]!.push(notice);
        length += size;
      }
      try {
        for (const chunk of chunks) await this.client?.query('select pg_notify($1, $2)', [this.channel, JSON.stringify({ node: this.node, notices: chunk })]);
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
    await this.client?.end().catch(() => undefined);
  }
}
