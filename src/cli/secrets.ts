import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from './run.js';

/**
 * Reads secrets without echo: prompted one by one on a terminal, otherwise one per line from
 * standard input (for scripts: `printf '%s\n%s\n' "$A" "$B" | ilot …`). Never from arguments or
 * the environment, which other users and logs may see.
 */
export async function readSecrets(prompts: string[]): Promise<string[]> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    const lines = text.split(/\r?\n/);
    if (lines.length < prompts.length || lines.slice(0, prompts.length).some((l) => l === '')) {
      throw new UsageError(`Expected ${prompts.length} line(s) on standard input: ${prompts.join(', ')}.`);
    }
    return lines.slice(0, prompts.length);
  }
  const answers: string[] = [];
  for (const prompt of prompts) {
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    process.stderr.write(`${prompt} (not shown): `);
    const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
    answers.push(await new Promise<string>((resolve) => rl.question('', resolve)));
    rl.close();
    process.stderr.write('\n');
  }
  return answers;
}
