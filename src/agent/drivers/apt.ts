import { existsSync } from 'node:fs';
import { lastLine, runProgram } from '../run-program.js';

/** What `os.update` runs on Debian: the package lists, then every upgrade, without questions. */
export const aptUpgrade = ['sh', '-c', 'apt-get update && apt-get -y upgrade'];

/**
 * Updates the operating system's packages through apt (Debian only), non-interactive. `command`
 * replaces apt where it cannot run (tests: a stub that records its call).
 */
export async function osUpdate(command: string[] | undefined, signal: AbortSignal): Promise<string> {
  if (!command && !existsSync('/etc/debian_version')) throw new Error('os.update runs apt on Debian only: this host is not Debian');
  const result = await runProgram(command ?? aptUpgrade, signal, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none' },
  });
  if (result.code !== 0) throw new Error(`os.update failed (exit ${result.code}): ${lastLine(result.output)}`);
  return `os.update done: ${lastLine(result.output)}`;
}
