import { Command } from 'commander';
import { exitCodes, runCommand } from '../run.js';
import { siteAddress } from '../operator-client.js';

/** `ilot agent`: the fleet's agent on a host, until SIGTERM or SIGINT (the apps it started keep running). */
export function agentCommand(): Command {
  return new Command('agent')
    .description("run the fleet's agent: enrol once, then take the tower's commands (the apps it starts outlive it)")
    .requiredOption('--tower <url>', "the tower's address (the Ilot site)", siteAddress)
    .requiredOption('--dir <dir>', 'its directory: journal, credential, apps and their logs')
    .option('--token <token>', 'the one-time enrolment token (else ILOT_AGENT_TOKEN); needed the first time only')
    .action((options: { tower: string; dir: string; token?: string }) =>
      runCommand(async () => {
        const { Agent } = await import('../../agent/agent.js');
        const token = options.token ?? process.env.ILOT_AGENT_TOKEN;
        const { TowerError } = await import('../../agent/tower-client.js');
        const agent = new Agent({ tower: options.tower.replace(/\/$/, ''), dir: options.dir, ...(token ? { token } : {}) });
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
