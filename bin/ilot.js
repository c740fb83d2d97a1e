#!/usr/bin/env node
// The package's command (`npx ilot`, `npm start`, or `ilot` after `npm link`). It runs the compiled
// CLI in dist/, compiling the TypeScript sources first when dist/ is missing or older than them (a
// fresh clone, a `git pull`): nothing to do by hand after `npm ci`, and no compiling when nothing
// changed.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'src');
const dist = join(root, 'dist');
const main = join(dist, 'cli', 'main.js');
// Touched after each build: the time the build last matched the sources.
const stamp = join(dist, '.built');
const lock = join(dist, '.build-lock');

/** Newest change to what the build reads: source files (tests excepted) and folders (a file added, removed or renamed). */
function newestSource(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh() {
  if (!existsSync(main)) return false;
  // Installed without its sources (a release archive: `npm run build && npm pack`), dist/ is all there is.
  if (!existsSync(sources)) return true;
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return false;
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((name) => statSync(join(root, name)).mtimeMs);
  return Math.max(newestSource(sources), ...configs) <= built;
}

const isRunning = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** The pid in the lock, or 0 once it is gone. */
function lockHolder() {
  try {
    return Number(readFileSync(lock, 'utf8'));
  } catch {
    return 0;
  }
}

/** Only one process compiles at a time: another that finds dist/ stale waits, then finds it fresh. */
async function withBuildLock(body) {
  mkdirSync(dist, { recursive: true });
  // Linked into place whole, so the lock always names its holder.
  const mine = `${lock}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  for (;;) {
    try {
      linkSync(mine, lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const holder = lockHolder();
    // A lock left by a process that died while compiling is taken over.
    if (holder > 0 && !isRunning(holder)) rmSync(lock, { force: true });
    else await new Promise((done) => setTimeout(done, 200));
  }
  rmSync(mine);
  try {
    return body();
  } finally {
    rmSync(lock, { force: true });
  }
}

function compile() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    console.error(
      'ilot: dist/ is missing or older than the sources, and TypeScript is not installed to compile them: run `npm ci` (with its dev dependencies), then try again.',
    );
    return false;
  }
  console.error('ilot: compiling the sources to dist/ (first run, or they changed)…');
  const started = new Date();
  // tsc trusts its incremental record over dist/'s files: without the entry file, start from scratch.
  if (!existsSync(main)) rmSync(join(dist, '.tsbuildinfo'), { force: true });
  // Its report goes to standard error: standard output is the command's own.
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
  if (run.status !== 0) {
    console.error('ilot: compiling failed (above); fix the sources, or run `git status` to see what changed.');
    return false;
  }
  // Dated from the start: a source saved while compiling is newer, and compiled next time.
  closeSync(openSync(stamp, 'a'));
  utimesSync(stamp, started, started);
  console.error(`ilot: compiled in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s.`);
  return true;
}

if (!isFresh() && !(await withBuildLock(() => isFresh() || compile()))) process.exit(1);
await import(pathToFileURL(main).href);
