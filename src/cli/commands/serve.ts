import { Command } from 'commander';
import { configOf, runCommand } from '../run.js';

export function serveCommand(): Command {
  return new Command('serve').description('run the server (migrates the database first)').action((_options, command: Command) =>
    runCommand(async () => {
      const { config, file } = configOf(command);
      const { refuseDuringRestore } = await import('../../backup/restore-marker.js');
      await refuseDuringRestore(config);
      const { startServer } = await import('../../server/server.js');
      const server = await startServer(config);
      const log = server.app.http.log;
      log.info({ configFile: file ?? '(none: defaults and ILOT_* variables)' }, 'configuration loaded');
      if (config.operators.length === 0) {
        log.warn(
          'No operator is configured, so nobody can open spaces. Run `ilot operator verifier`, type a passphrase of at least 24 characters, ' +
            'and add {"name": "you", "role": "admin", "verifier": "<printed value>"} to "operators" in ilot.config.json (or ILOT_OPERATORS), then restart.',
        );
      }
      const shutdown = (signal: string) => {
        log.info({ signal }, 'shutting down: finishing in-flight requests');
        // If requests hang past the limit, leave anyway rather than never.
        setTimeout(() => {
          log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
          process.exit(1);
        }, config.shutdownTimeoutMs).unref();
        server.stop().then(
          () => {
            log.info('stopped');
            process.exit(0);
          },
          (error: unknown) => {
            log.error({ err: error }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    }),
  );
}
