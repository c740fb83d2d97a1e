import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Real release archives of this checkout: `npm pack` of a folder laid out as the package's
// `files` field says (bin/, dist/, README.md, package.json at the version asked). dist/ is the
// sources transpiled by esbuild rather than `npm run build` (tsc): the same modules, without the
// type check, in seconds instead of minutes on a busy machine. The archive holds no
// node_modules: the agent links its own into each unpacked version (src/agent/ilot-site.ts). No
// test runner here: the benchmarks pack releases too (bench/fleet-real-rollout.ts).

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Transpiles src/ (tests left out) to `<work>/dist`, once per test file. */
export async function compileDist(work: string): Promise<string> {
  const dist = join(work, 'dist');
  const entryPoints = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(root, 'src', f));
  await build({
    entryPoints,
    outdir: dist,
    outbase: join(root, 'src'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  return dist;
}

export interface Release {
  version: string;
  file: string;
  sha256: string;
}

/** The migration `migrating` adds to a release: it makes the table `test_release`. */
export const addedMigration = '9000_test_release';

/**
 * Packs a version with `npm pack`. `neverReady` adds a readiness check that always fails to its
 * server (a release whose health gate cannot pass); `migrating` adds a migration
 * (`addedMigration`) after this checkout's; everything else is the checkout as it is.
 */
export function packRelease(
  work: string,
  dist: string,
  version: string,
  options: { neverReady?: boolean; migrating?: boolean } = {},
): Release {
  const stage = join(work, `stage-${version}`);
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'bin'), join(stage, 'bin'), { recursive: true });
  cpSync(join(root, 'README.md'), join(stage, 'README.md'));
  cpSync(dist, join(stage, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2));
  if (options.neverReady) {
    const app = join(stage, 'dist', 'server', 'app.js');
    const source = readFileSync(app, 'utf8');
    const call = 'installHealth(http, readiness)';
    if (!source.includes(call)) throw new Error(`${app} no longer calls ${call}: update packRelease`);
    const failing = "{ name: 'release', run: async () => { throw new Error('this release is never ready'); } }";
    writeFileSync(app, source.replace(call, `installHealth(http, [...readiness, ${failing}])`));
  }
  if (options.migrating) {
    const index = join(stage, 'dist', 'store', 'migrations', 'index.js');
    const source = readFileSync(index, 'utf8');
    if (!source.includes('const migrations = [')) throw new Error(`${index} no longer declares its migrations' list: update packRelease`);
    const added = `migrations.push({ name: '${addedMigration}', up: (db) => db.schema.createTable('test_release').addColumn('version', 'varchar(20)').execute() });`;
    writeFileSync(index, `${source}\n${added}\n`);
  }
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: stage, encoding: 'utf8' })) as {
    filename: string;
  }[];
  const file = join(work, packed!.filename);
  return { version, file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

export const releaseVersions = { a: '0.1.1', b: '0.1.2', never: '0.1.3', migrating: '0.2.0' };
