import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCommand } from '../shared/operations/fleet.js';
import type { AppSpec, HostDriver } from './drivers/driver.js';
import { lastLine, runProgram } from './run-program.js';
import type { TowerClient } from './tower-client.js';

// The Ilot node of a host, as the agent deploys it. Each version is unpacked from its release
// archive (an `npm pack` of Ilot) in `<dir>/versions/<version>/package/`; `<dir>/current` is a
// symlink to the running one, replaced by a rename (atomic). The node runs
// `<dir>/current/package/bin/ilot.js --config <site config> serve` through the driver, so a
// switch of `current` and a restart change its version.

const defaultReadyMs = 60_000;
const readyPollMs = 200;
/** What a rollback may take beyond readiness: stopping the node (up to its grace) and starting the other. */
const rollbackStopMs = 30_000;

/** The agent's own installation: an unpacked version uses its dependencies (same package, same lock). */
const agentNodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

export interface IlotSite {
  dir: string;
  /** The node's configuration file (database, listen address, …). */
  configFile: string;
  /** Its readiness URL (`/health/ready` at its listen address). */
  readyUrl: string;
  driver: HostDriver;
  tower: TowerClient;
}

const current = (site: IlotSite) => join(site.dir, 'current');

/** The version `current` points to, or null before the first deploy. */
export function currentVersion(site: IlotSite): string | null {
  return existsSync(current(site)) ? basename(readlinkSync(current(site))) : null;
}

/** How the driver runs the node: always through `current`. */
export function ilotApp(site: IlotSite, name: string): AppSpec {
  return {
    name,
    kind: 'ilot',
    command: [process.execPath, join(current(site), 'package', 'bin', 'ilot.js'), '--config', site.configFile, 'serve'],
  };
}

/** Runs `ilot <args>` of a version against the node's configuration. */
function ilotCli(site: IlotSite, version: string, args: string[], signal: AbortSignal) {
  const bin = join(site.dir, 'versions', version, 'package', 'bin', 'ilot.js');
  return runProgram([process.execPath, bin, '--config', site.configFile, ...args], signal, { cwd: site.dir });
}

/** Points `current` at a version: a new symlink renamed over the old one. */
function switchTo(site: IlotSite, version: string): void {
  const next = `${current(site)}.next`;
  rmSync(next, { force: true });
  symlinkSync(join(site.dir, 'versions', version), next);
  renameSync(next, current(site));
}

/** Whether the node answers its readiness check within `ms`. */
async function ready(site: IlotSite, ms: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    const ok = await fetch(site.readyUrl, { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, readyPollMs));
  }
  return false;
}

/** Fetches, checks and unpacks a version beside the others (kept when already there). */
async function unpack(site: IlotSite, command: AgentCommand, signal: AbortSignal): Promise<void> {
  const { release } = command;
  if (!release) throw new Error('the tower gave no release archive with this deploy');
  const target = join(site.dir, 'versions', release.version);
  if (existsSync(join(target, 'package', 'bin', 'ilot.js'))) return;
  const archive = await site.tower.release(command.id, signal);
  const actual = createHash('sha256').update(archive).digest('hex');
  if (actual !== release.sha256)
    throw new Error(`FLEET_RELEASE_TAMPERED: the archive's SHA-256 is ${actual}, the catalog says ${release.sha256}; nothing was unpacked`);
  const partial = `${target}.part`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  writeFileSync(join(partial, 'release.tgz'), archive);
  const untar = await runProgram(['tar', '-xzf', 'release.tgz'], signal, { cwd: partial });
  if (untar.code !== 0) throw new Error(`the release archive cannot be unpacked: ${lastLine(untar.output)}`);
  rmSync(join(partial, 'release.tgz'));
  if (!existsSync(join(partial, 'package', 'node_modules'))) symlinkSync(agentNodeModules, join(partial, 'package', 'node_modules'));
  renameSync(partial, target);
}

/**
 * Written before `current` is switched, removed once the deploy has ended: an agent that finds it
 * on starting died mid-deploy, and puts the previous version back (`recoverDeploy`).
 */
interface Switching {
  app: string;
  version: string;
  previous: string | null;
  readyMs: number;
}

const switchingFile = (site: IlotSite) => join(site.dir, 'deploying.json');

function markSwitching(site: IlotSite, switching: Switching): void {
  const file = switchingFile(site);
  writeFileSync(`${file}.next`, JSON.stringify(switching));
  renameSync(`${file}.next`, file);
}

/**
 * Puts the previous version back and restarts it, or stops the node when there was none. It runs
 * after the deploy's own signal ended (cancelled, timed out), so it has a deadline of its own.
 * Says how it went.
 */
async function rollBack(site: IlotSite, { app: name, version, previous, readyMs: newReadyMs }: Switching): Promise<string> {
  // The version that ran before gets the usual time to start, even when the new one was given less.
  const readyMs = Math.max(newReadyMs, defaultReadyMs);
  const signal = AbortSignal.timeout(readyMs + rollbackStopMs);
  const app = ilotApp(site, name);
  if (previous === null || previous === version) {
    await site.driver.stop(app, signal);
    if (previous === null) rmSync(current(site), { force: true });
    return 'no previous version to go back to: stopped';
  }
  switchTo(site, previous);
  await site.driver.restart(app, 0, signal);
  return `rolled back to ${previous}${(await ready(site, readyMs, signal)) ? ', ready again' : ', which is not ready either'}`;
}

/**
 * Deploys a version: unpack it beside the current one, refuse it if it cannot run on the
 * database (migrated by a newer version: nothing changes), migrate (unless told not to), switch,
 * restart, and wait for readiness. Not ready in time, cancelled or timed out once switched: back
 * to the previous version, restarted, and the deploy fails saying so.
 */
export async function deployIlot(site: IlotSite, command: AgentCommand, signal: AbortSignal): Promise<string> {
  const spec = command.spec;
  if (spec.type !== 'deploy') throw new Error('not a deploy');
  if (!existsSync(site.configFile)) throw new Error(`the node's configuration ${site.configFile} is missing: write it before deploying`);
  await unpack(site, command, signal);
  const status = await ilotCli(site, spec.version, ['migrate', 'status'], signal);
  if (status.code !== 0) throw new Error(`${spec.version} cannot run on this database (${lastLine(status.output)}); it was not started`);
  if (spec.migrate !== false) {
    const migrated = await ilotCli(site, spec.version, ['migrate', 'up'], signal);
    if (migrated.code !== 0) throw new Error(`the migration of ${spec.version} failed: ${lastLine(migrated.output)}`);
  }
  const switching: Switching = {
    app: spec.app,
    version: spec.version,
    previous: currentVersion(site),
    readyMs: (spec.readySeconds ?? defaultReadyMs / 1000) * 1000,
  };
  markSwitching(site, switching);
  let failure: string;
  try {
    switchTo(site, spec.version);
    await site.driver.restart(ilotApp(site, spec.app), 0, signal);
    if (await ready(site, switching.readyMs, signal)) {
      rmSync(switchingFile(site), { force: true });
      return `${spec.app} ${switching.previous ?? '(none)'} → ${spec.version}, ready`;
    }
    failure = `${spec.version} was not ready within ${switching.readyMs / 1000} s`;
  } catch (error) {
    // Cancelled, timed out, or the restart failed: the host goes back all the same.
    failure = `${(error as Error).message} while ${spec.version} was being switched to`;
  }
  try {
    throw new Error(`${failure}: ${await rollBack(site, switching)}`);
  } finally {
    rmSync(switchingFile(site), { force: true });
  }
}

/**
 * After the agent died mid-deploy: the host goes back to the version it ran before, so that it is
 * never left on a version that did not pass its health gate. Returns what it did, or null when no
 * deploy was interrupted.
 */
export async function recoverDeploy(site: IlotSite): Promise<string | null> {
  const file = switchingFile(site);
  if (!existsSync(file)) return null;
  const switching = JSON.parse(readFileSync(file, 'utf8')) as Switching;
  try {
    return currentVersion(site) === switching.previous ? `${switching.version} was not switched to yet` : await rollBack(site, switching);
  } finally {
    rmSync(file, { force: true });
  }
}

/** `ilot backup create` of the running version, against the node's configuration. */
export async function backupIlot(site: IlotSite, signal: AbortSignal): Promise<string> {
  const version = currentVersion(site);
  if (version === null) throw new Error('Ilot is not deployed on this host: there is nothing to back up');
  const result = await ilotCli(site, version, ['backup', 'create'], signal);
  if (result.code !== 0) throw new Error(`the backup failed (exit ${result.code}): ${lastLine(result.output)}`);
  return result.output.split('\n').slice(-3).join('\n');
}
