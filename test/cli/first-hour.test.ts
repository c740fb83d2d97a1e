import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEngines, tempDir } from '../support/engines.js';
import { ilot } from '../support/cli.js';
import { operatorPhrases, testArgon2 } from '../support/operators.js';

// What a new operator meets in their first hour: mistakes told before any secret is asked, and
// known failures told in one sentence with an exit code, never a stack.

const nowhere = 'http://127.0.0.1:1';
const stack = /^\s+at /m;
const longPhrase = 'a phrase long enough for the checks here';

describe('ilot command, first mistakes', () => {
  it('refuses an unknown ILOT_* variable with exit code 2, naming the one likely meant', async () => {
    const typo = await ilot(['migrate', 'status'], { ILOT_DATABSE_URL: 'sqlite:./x.db' });
    expect([typo.code, typo.stderr.trim()]).toEqual([
      2,
      'Invalid configuration:\n  - ILOT_DATABSE_URL: unknown setting; did you mean ILOT_DATABASE_URL?',
    ]);
    const unknown = await ilot(['migrate', 'status'], { ILOT_COLOUR: 'blue' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/ILOT_COLOUR: unknown setting \(known: ILOT_SITE_NAME, .*ILOT_DATABASE_URL/);
  });

  it('reports a bad org code, address or missing flag before asking for the passphrase', async () => {
    // No standard input: a command that asked for a secret would say it expected a line.
    const cases: [string[], string][] = [
      [
        ['space', '--url', nowhere, 'show', 'Asso!'],
        "error: command-argument value 'Asso!' is invalid for argument 'orgCode'. expected an org code: 4 to 12 lowercase letters or digits.",
      ],
      [
        ['space', '--url', nowhere, 'freeze', 'admin', 'on'],
        "error: command-argument value 'admin' is invalid for argument 'orgCode'. admin is the operators' org code, not a space's.",
      ],
      [
        ['space', '--url', 'ftp://example.org', 'list'],
        "error: option '--url <url>' argument 'ftp://example.org' is invalid. expected an address such as http://127.0.0.1:8080 or https://ilot.example.org.",
      ],
      [
        ['space', '--url', nowhere, 'open', 'asso1', '--documents', '1', '--volume', '1', '--monthly', '1'],
        "error: required option '--accounts <n>' not specified",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await ilot(args);
      expect([run.code, run.stderr.trim()]).toEqual([1, message]);
    }
  });

  it('reports a phrase too short as soon as it is read, before reaching the site', async () => {
    const open = ['space', '--url', nowhere, 'open', 'asso1', '--documents', '1', '--volume', '1', '--monthly', '1', '--accounts', '1'];
    const operator = await ilot(open, {}, tempDir(), `too short\n${longPhrase}\n`);
    expect([operator.code, operator.stderr.trim()]).toEqual([
      1,
      'The operator passphrase is too short: a phrase has at least 24 characters.',
    ]);
    const sponsorship = await ilot(open, {}, tempDir(), `${longPhrase}\ntoo short\n`);
    expect([sponsorship.code, sponsorship.stderr.trim()]).toEqual([
      1,
      'The treasurer sponsorship phrase is too short: a phrase has at least 24 characters.',
    ]);
  });

  it('says that no operator is configured instead of asking for a passphrase', async () => {
    const run = await ilot(['space', 'list']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^This configuration has no operator \(neither "operators" in ilot\.config\.json nor ILOT_OPERATORS\), so nobody can sign in to the site as an operator\. Run `ilot operator verifier`/,
    );
  });

  it('asks for the operator passphrase twice, and derives nothing when the two differ', async () => {
    const env = {
      ILOT_CRYPTO_ARGON2_MEMORY_KIB: String(testArgon2.memoryKib),
      ILOT_CRYPTO_ARGON2_ITERATIONS: String(testArgon2.iterations),
    };
    const differ = await ilot(['operator', 'verifier'], env, tempDir(), `${operatorPhrases.alice}\n${operatorPhrases.oscar}\n`);
    expect([differ.code, differ.stdout, differ.stderr.trim()]).toEqual([1, '', 'The two passphrases differ: nothing was done.']);
    const once = await ilot(['operator', 'verifier'], env, tempDir(), `${operatorPhrases.alice}\n`);
    expect([once.code, once.stderr.trim()]).toEqual([
      1,
      'Expected 2 line(s) on standard input: Operator passphrase, Operator passphrase again.',
    ]);
    const short = await ilot(['operator', 'verifier'], env, tempDir(), 'too short\ntoo short\n');
    expect([short.code, short.stderr.trim()]).toEqual([1, 'The passphrase is too short: a phrase has at least 24 characters.']);
  });

  it('refuses to close a space without --yes when nobody can confirm, before signing in', async () => {
    const run = await ilot(
      ['space', '--url', nowhere, 'close', 'asso1', '--message', 'We moved.'],
      {},
      tempDir(),
      `${operatorPhrases.alice}\n`,
    );
    expect([run.code, run.stderr.trim()]).toEqual([
      1,
      'Closing asso1 purges all its data for good; only the closing message remains. Standard input is not a terminal, so nobody can confirm: add --yes.',
    ]);
  });
});

// Root writes through any permission: a command that must meet one runs as nobody.
const unprivileged: Record<string, string> =
  process.getuid?.() === 0 ? { NODE_OPTIONS: '--import=data:text/javascript,process.setgid(65534);process.setuid(65534)' } : {};

describeEngines('ilot serve, known failures', (engine) => {
  const serve = async (env: Record<string, string>) =>
    ilot(['serve'], {
      ILOT_DATABASE_URL: await engine.freshUrl(),
      ILOT_FILES_DIR: join(tempDir(), 'files'),
      ILOT_LISTEN_PORT: '0',
      ILOT_LOG_LEVEL: 'warn',
      ...env,
    });

  it('says the port is in use, with exit code 4', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const { port } = taken.address() as { port: number };
      const run = await serve({ ILOT_LISTEN_PORT: String(port) });
      expect(run.code).toBe(4);
      expect(run.stderr.trim()).toBe(
        `Cannot listen on 127.0.0.1:${port}: the address is already in use (another Ilot, or another program, listens there). Choose another listen.port or listen.host (ILOT_LISTEN_PORT, ILOT_LISTEN_HOST), or stop the other program.`,
      );
    } finally {
      taken.close();
    }
  });

  it('says the file store cannot be created under a file, with exit code 4', async () => {
    const blocker = join(tempDir(), 'taken');
    writeFileSync(blocker, '');
    const run = await serve({ ILOT_FILES_DIR: join(blocker, 'files') });
    expect([run.code, run.stderr.trim()]).toEqual([
      4,
      `The file store ${join(blocker, 'files')} (files.dir, ILOT_FILES_DIR) cannot be created or written: ${blocker} is a file, not a directory.`,
    ]);
  });

  it('says the database is read-only, with exit code 3', async () => {
    let url = await engine.freshUrl();
    // Directories nobody may enter and write, but for the database.
    const cwd = tempDir();
    chmodSync(cwd, 0o755);
    const files = join(cwd, 'files');
    mkdirSync(files);
    chmodSync(files, 0o777);
    if (engine.name === 'sqlite') {
      const dir = join(cwd, 'db');
      mkdirSync(dir);
      url = `sqlite:${join(dir, 'ilot.db')}`;
      expect((await ilot(['migrate', 'up'], { ILOT_DATABASE_URL: url })).code).toBe(0);
      chmodSync(join(dir, 'ilot.db'), 0o444);
      chmodSync(dir, 0o555);
    } else {
      const readOnly = new URL(url);
      readOnly.searchParams.set('options', `${readOnly.searchParams.get('options')} -c default_transaction_read_only=on`);
      url = readOnly.toString();
    }
    const run = await ilot(['serve'], { ILOT_DATABASE_URL: url, ILOT_FILES_DIR: files, ILOT_LISTEN_PORT: '0', ...unprivileged }, cwd);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      engine.name === 'sqlite'
        ? /^The database sqlite:\S+ is read-only, and Ilot writes to it: let the user running Ilot write/
        : /^The database postgres:\S+ is read-only \(cannot execute .* in a read-only transaction\): Ilot needs a writable primary server/,
    );
    expect(run.stderr).not.toMatch(stack);
  });
});

describe('ilot with a SQLite path under a file', () => {
  it('says the database cannot be created there, with exit code 3', async () => {
    const blocker = join(tempDir(), 'taken');
    writeFileSync(blocker, '');
    for (const command of [['serve'], ['migrate', 'up']]) {
      const run = await ilot(command, { ILOT_DATABASE_URL: `sqlite:${join(blocker, 'ilot.db')}`, ILOT_LISTEN_PORT: '0' });
      expect([run.code, run.stderr.trim()]).toEqual([
        3,
        `The SQLite database sqlite:${join(blocker, 'ilot.db')} cannot be created: ${blocker} is a file, not a directory. Set database.url (ILOT_DATABASE_URL) to a file in a directory.`,
      ]);
    }
  });
});
