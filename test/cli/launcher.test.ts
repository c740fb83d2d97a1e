import { spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/engines.js';
import { root, type Run } from '../support/cli.js';
import { ilotVersion } from '../../src/config/version.js';

/** A clone without dist/: the sources, the launcher and the build settings, with the installed packages. */
function freshClone(): string {
  const clone = tempDir();
  for (const entry of ['src', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
    cpSync(join(root, entry), join(clone, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'));
  return clone;
}

function launch(clone: string, args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [join(clone, 'bin/ilot.js'), ...args], { cwd: tempDir(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('bin/ilot.js', () => {
  it('compiles a fresh clone on first use, not again while nothing changes, and again after a change', { timeout: 600_000 }, async () => {
    const clone = freshClone();
    const first = await launch(clone, ['--version']);
    expect([first.code, first.stdout.trim()]).toEqual([0, ilotVersion]);
    expect(first.stderr).toMatch(/^ilot: compiling the sources to dist\/ \(first run, or they changed\)…\nilot: compiled in [\d.]+ s\.\n$/);
    expect(existsSync(join(clone, 'dist/cli/main.js'))).toBe(true);

    const second = await launch(clone, ['--version']);
    expect([second.code, second.stdout.trim(), second.stderr]).toEqual([0, ilotVersion, '']);

    // A change that does not compile stops the command with the compiler's report, and runs nothing.
    const source = join(clone, 'src/shared/redact.ts');
    const text = readFileSync(source, 'utf8');
    writeFileSync(source, `${text}\nexport const broken: number = 'text';\n`);
    const broken = await launch(clone, ['--version']);
    expect([broken.code, broken.stdout]).toEqual([1, '']);
    expect(broken.stderr).toContain("error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(broken.stderr).toMatch(/ilot: compiling failed \(above\)/);

    writeFileSync(source, text);
    const fixed = await launch(clone, ['--version']);
    expect([fixed.code, fixed.stdout.trim()]).toEqual([0, ilotVersion]);
    expect(fixed.stderr).toMatch(/^ilot: compiling/);
  });
});
