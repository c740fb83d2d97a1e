import type { Config } from '../config/schema.js';
import { openStore, type Store } from '../store/database.js';
import { LocalFileStore } from '../store/files/local-file-store.js';
import { migrateUp } from '../store/migrator.js';
import { buildApp, type App, type AppDeps } from './app.js';
import { checkSiteSettings } from './site-settings.js';
import { NoticeRelay } from './live/relay.js';

export interface RunningServer {
  app: App;
  store: Store;
  /** http://host:port of the listening socket. */
  url: string;
  /** Stops accepting, lets in-flight requests finish, stops the task engine, then closes the database. */
  stop(): Promise<void>;
}

export type ServerOptions = Pick<AppDeps, 'logStream' | 'operations' | 'authenticate' | 'permissions' | 'taskKinds'>;

/** Opens the database (migrating it under lock), the file store, and listens. */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const store = await openStore({
    url: config.database.url,
    poolSize: config.database.poolSize,
    busyTimeoutMs: config.database.busyTimeoutMs,
    synchronous: config.database.synchronous,
  });
  let app: App | undefined;
  let relay: NoticeRelay | undefined;
  try {
    const applied = await migrateUp(store);
    await checkSiteSettings(store, config);
    const files = await LocalFileStore.open(config.files.dir);
    app = await buildApp({ config, store, files, ...options });
    if (applied.length) app.http.log.info({ applied }, 'database migrated');
    if (config.tasks.enabled) await app.tasks.start();
    // Several nodes may share the database (PostgreSQL): change notices cross between them.
    relay = new NoticeRelay(store, app.notices, app.http.log);
    await relay.start();
    await app.http.listen({ host: config.listen.host, port: config.listen.port });
    const address = app.http.server.address();
    const url =
      typeof address === 'object' && address
        ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
        : String(address);
    app.http.log.info({ url, database: store.description, engine: store.engine, files: files.root }, 'Ilot is listening');
    let stopping: Promise<void> | undefined;
    const running = app;
    return {
      app,
      store,
      url,
      stop: () =>
        (stopping ??= (async () => {
          try {
            await running.http.close();
            // The task in progress stops after its current batch and is released for the next start.
            await running.tasks.stop();
            await relay?.stop();
          } finally {
            await store.close();
          }
        })()),
    };
  } catch (error) {
    await app?.tasks.stop();
    await relay?.stop();
    await store.close();
    throw error;
  }
}
