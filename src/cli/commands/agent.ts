import { Command, Option } from 'commander';
import { exitCodes, runCommand } from '../run.js';
import { siteAddress } from '../operator-client.js';

/** `ilot agent`: the fleet's agent on a host, until SIGTERM or SIGINT (the apps it started keep running). */
export function agentCommand(): Command {
  return new Command('agent')
    .description("run the fleet's agent: enrol once, then take the tower's commands (the apps it starts outlive it)")
    .requiredOption('--tower <url>', "the tower's address (the Ilot site)", siteAddress)
    .requiredOption('--dir <dir>', 'its directory: journal, credential, apps and their logs')
    .option('--token <token>', 'the one-time enrolment token (else ILOT_AGENT_TOKEN); needed the first time only')
    .addOption(
      new Option('--driver <driver>', 'how it runs the apps: child processes, or systemd units')
        .choices(['process', 'systemd'])
        .default('process'),
    )
    .option('--site-config <file>', "the Ilot node's configuration file (default <dir>/site.json)")
    .option('--os-update-command <command>', 'a shell command os.update runs instead of apt (where apt cannot run)')
    .action(
      (options: {
        tower: string;
        dir: string;
        token?: string;
        driver: 'process' | 'systemd';
        siteConfig?: string;
        osUpdateCommand?: string;
      }) =>
        runCommand(async () => {
          const { Agent } = await import('../../agent/agent.js');
          const token = options.token ?? process.env.ILOT_AGENT_TOKEN;
          const { TowerError } = await import('../../agent/tower-client.js');
          const agent = new Agent({
            tower: options.tower.replace(/\/$/, ''),
            dir: options.dir,
            driver: options.driver,
            ...(token ? { token } : {}),
            ...(options.siteConfig ? { siteConfig: options.siteConfig } : {}),
            ...(options.osUpdateCommand ? { osUpdateCommand: ['sh', '-c', options.osUpdateCommand] } : {}),
          });
          try {
            await agent.start();
          } catch (error) {
            if (!(error instanceof TowerError)) throw error;
            console.error(`${error.code}: ${error.message}`);
            return exitCodes.failed;
          }
          console.log(`agent running, tower ${options.tower}`);
          const refused = await Promise.race([
            agent.finished.then(() => true),
            new Promise<boolean>((resolve) => {
              process.once('SIGTERM', () => resolve(false));
              process.once('SIGINT', () => resolve(false));
            }),
          ]);
          await agent.stop();
          return refused ? exitCodes.failed : exitCodes.ok;
        }),
    );
}
