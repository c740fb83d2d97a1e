import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from './engines.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'src/cli/main.ts');
// tsx's loader by path: the commands run in directories of their own, where `--import tsx` would not resolve.
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ilot …` from the sources, in a fresh directory, with only the given ILOT_* variables. */
export function ilot(args: string[], env: Record<string, string> = {}, cwd = tempDir(), input?: string): Promise<Run> & { child: ReturnType<typeof spawn> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ILOT_')));
  const child = spawn(process.execPath, ['--import', tsx, main, ...args], { cwd, env: { ...clean, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { child });
}


/** Resolves once `check` returns a truthy value; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 15_000, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, everyMs));
  }
}
