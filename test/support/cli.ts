import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import { tempDir } from './engines.js';
import { operatorPhrases, testArgon2, verifierFor } from './operators.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'src/cli/main.ts');
// tsx's loader by path: the commands run in directories of their own, where `--import tsx` would not resolve.
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
/** Node running TypeScript sources: the program and its first arguments. */
export const nodeWithTsx = [process.execPath, '--import', tsx];

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `ilot …` from the sources, in a fresh directory, with only the given ILOT_* variables;
 * `within` is a command that runs it (`ip netns exec <namespace>`).
 */
export function ilot(
  args: string[],
  env: Record<string, string> = {},
  cwd = tempDir(),
  input?: string,
  within: string[] = [],
): Promise<Run> & { child: ReturnType<typeof spawn> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ILOT_')));
  const [program, ...programArgs] = [...within, ...nodeWithTsx, main, ...args];
  const child = spawn(program!, programArgs, {
    cwd,
    env: { ...clean, ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { child });
}

const spawned: ReturnType<typeof ilot>[] = [];
// A test that fails midway must not leave servers running.
afterEach(() => {
  for (const run of spawned.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

/** `ilot serve` in its own process, on the given database; resolves once it listens. */
export async function serve(databaseUrl: string, filesDir: string) {
  const env = {
    ILOT_DATABASE_URL: databaseUrl,
    ILOT_FILES_DIR: filesDir,
    ILOT_LISTEN_PORT: '0',
    ILOT_LOG_LEVEL: 'info',
    ILOT_OPERATORS: JSON.stringify([{ name: 'alice', role: 'admin', verifier: await verifierFor(operatorPhrases.alice) }]),
    ILOT_CRYPTO_ARGON2_MEMORY_KIB: String(testArgon2.memoryKib),
    ILOT_CRYPTO_ARGON2_ITERATIONS: String(testArgon2.iterations),
    ILOT_TASKS_LEASE_SECONDS: '5',
    ILOT_TASKS_POLL_SECONDS: '1',
  };
  const run = ilot(['serve'], env);
  spawned.push(run);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    run.child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Whole lines only: the last one may still be arriving.
      const line = output
        .split('\n')
        .slice(0, -1)
        .find((l) => l.includes('"msg":"Ilot is listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void run.then((result) => reject(new Error(`ilot serve exited with ${result.code} before listening: ${result.stderr}`)));
  });
  return { run, url };
}
