import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../../store/database.js';

/**
 * The database on /metrics, read when scraped: its size, and its connections. On PostgreSQL the
 * pool of this node (busy, idle, and requests waiting for a connection); on SQLite the one
 * connection of the process, busy or idle, and the transactions queued for it.
 */
export function installDatabaseMetrics(registry: Registry, store: Store): void {
  new Gauge({
    name: 'ilot_database_bytes',
    help: 'Size of the site database: tables and indexes (SQLite: and its write-ahead log)',
    registers: [registry],
    async collect() {
      this.set(await store.bytes());
    },
  });
  new Gauge({
    name: 'ilot_database_connections',
    help: 'Connections of this node to the database, by state (busy, idle) and the most it may open (max)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const use = store.connections();
      this.set({ state: 'busy' }, use.busy);
      this.set({ state: 'idle' }, use.idle);
      this.set({ state: 'max' }, use.size);
    },
  });
  new Gauge({
    name: 'ilot_database_connection_waiters',
    help: 'Requests of this node waiting for a database connection',
    registers: [registry],
    collect() {
      this.set(store.connections().waiting);
    },
  });
}
