import { createHash } from 'node:crypto';
import pg from 'pg';

// NOTIFY refuses payloads of 8000 bytes and more: senders keep well below.
const maxPayload = 7000;

/**
 * A connection of its own that listens on the database's channel and sends on it (LISTEN/NOTIFY),
 * for the nodes that share one database. The channel is named after the URL, so there is one per
 * database and schema: the nodes of one site share it, other sites do not. `receive` gets every
 * message, this connection's own included; `lost` hears of the connection's failure.
 */
export async function openChannel(url: string, receive: (payload: string) => void, lost: (error: Error) => void) {
  const channel = `ilot_${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: url });
  client.on('error', lost);
  client.on('notification', (message) => receive(message.payload ?? ''));
  try {
    await client.connect();
    await client.query(`listen ${channel}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    maxPayload,
    async send(payload: string): Promise<void> {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    close: () => client.end().catch(() => undefined),
  };
}
