import { spawn } from 'node:child_process';

export interface ProgramResult {
  code: number | null;
  /** The end of its standard output and error, interleaved. */
  output: string;
}

const keptChars = 4000;

/** Runs a program to its end (killed when `signal` aborts), keeping the end of what it printed. */
export function runProgram(
  argv: string[],
  signal: AbortSignal,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const [program, ...args] = argv as [string, ...string[]];
    const child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-keptChars));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(signal.aborted ? (signal.reason as Error) : error));
    child.on('close', (code) => (signal.aborted ? reject(signal.reason as Error) : resolve({ code, output: output.trim() })));
  });
}

/** The last line of a program's output, to name a failure in one line. */
export const lastLine = (output: string) => output.split('\n').filter(Boolean).pop() ?? '(no output)';
