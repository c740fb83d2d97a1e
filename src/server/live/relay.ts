import { createHash, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { ChangeNotice, ChangeNotices } from '../pipeline/notices.js';

// NOTIFY payloads must stay under 8000 bytes: notices go in chunks well below.
const maxPayload = 7000;

/**
 * Carries change notices between the nodes of a site on PostgreSQL (LISTEN/NOTIFY), so that a
 * session connected to one node hears of a write made on another. Each node ignores its own.
 */
export class PostgresRelay {
  private readonly node = randomBytes(6).toString('hex');
  private readonly channel: string;
  private client: pg.Client | undefined;
  private unsubscribe: (() => void) | undefined;

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
      if (!origin.relayed) void this.send(batch);
    });
  }

  private async send(batch: ChangeNotice[]): Promise<void> {
    const chunks: ChangeNotice[][] = [[]];
    for (const notice of batch) {
      const chunk = chunks[chunks.length - 1]!;
      if (chunk.length && JSON.stringify({ node: this.node, notices: [...chunk, notice] }).length > maxPayload) chunks.push([notice]);
      else chunk.push(notice);
    }
    try {
      for (const chunk of chunks) await this.client?.query('select pg_notify($1, $2)', [this.channel, JSON.stringify({ node: this.node, notices: chunk })]);
    } catch (error) {
      // The other nodes' sessions will see the change at their next pull.
      this.log.warn({ err: error }, 'could not relay change notices to the other nodes');
    }
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.client?.end().catch(() => undefined);
  }
}
