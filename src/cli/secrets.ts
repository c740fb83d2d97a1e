import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { normalizePhrase, phraseProblem } from '../shared/crypto/phrase.js';
import { UsageError } from './run.js';

/** A secret to ask for, and what makes an answer unusable (given the answers before it), told as soon as it is read. */
export interface Secret {
  prompt: string;
  problem?: (answer: string, before: string[]) => string | null;
}

/** A phrase of at least 24 characters, named for the message. */
export const phrase = (prompt: string, name: string): Secret => ({
  prompt,
  problem: (answer) => (phraseProblem(answer) ? `The ${name} is too short: a phrase has at least 24 characters.` : null),
});

/** The phrase asked just before, typed again: unseen typing hides typos. */
export const samePhrase = (prompt: string, name: string): Secret => ({
  prompt,
  problem: (answer, before) =>
    normalizePhrase(answer) === normalizePhrase(before.at(-1) ?? '') ? null : `The two ${name}s differ: nothing was done.`,
});

/** Asks on the terminal; without echo, what is typed goes nowhere and the question is written beforehand. */
function ask(question: string, echo: boolean): Promise<string> {
  if (!echo) process.stderr.write(question);
  const output = echo ? process.stderr : new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise<string>((resolve) =>
    rl.question(echo ? question : '', (answer) => {
      rl.close();
      if (!echo) process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

/**
 * Reads secrets without echo: prompted one by one on a terminal, otherwise one per line from
 * standard input (for scripts: `printf '%s\n%s\n' "$A" "$B" | ilot …`). Never from arguments or
 * the environment, which other users and logs may see.
 */
export async function readSecrets(secrets: Secret[]): Promise<string[]> {
  let lines: string[] | undefined;
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    lines = text.split(/\r?\n/).slice(0, secrets.length);
    if (lines.length < secrets.length || lines.some((l) => l === '')) {
      throw new UsageError(`Expected ${secrets.length} line(s) on standard input: ${secrets.map((s) => s.prompt).join(', ')}.`);
    }
  }
  const answers: string[] = [];
  for (const [at, { prompt, problem }] of secrets.entries()) {
    const answer = lines ? lines[at]! : await ask(`${prompt} (not shown): `, false);
    // Told at once: on a terminal, before the next question.
    const refusal = problem?.(answer, answers);
    if (refusal) throw new UsageError(refusal);
    answers.push(answer);
  }
  return answers;
}

/** Asks a person to type `expected` before an action that cannot be undone; `--yes` stands for it where nobody can answer. */
export async function confirm(question: string, expected: string, assumed: boolean | undefined): Promise<void> {
  if (assumed) return;
  if (!process.stdin.isTTY) throw new UsageError(`${question} Standard input is not a terminal, so nobody can confirm: add --yes.`);
  if ((await ask(`${question} Type ${expected} to confirm: `, true)).trim() !== expected)
    throw new UsageError('Not confirmed: nothing was done.');
}
