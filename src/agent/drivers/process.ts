import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { osUpdate } from './apt.js';
import type { AppSpec, DriverResult, HostDriver } from './driver.js';

const stopGraceMs = 10_000;
const superviseEveryMs = 1_000;

/** Whether a process exists (signal 0 tests without sending). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', stop, { once: true });
  });

/**
 * Runs each app as a child process of its own session (detached): it keeps running when the agent
 * stops or crashes. Its state lives in `<dir>/apps/<name>/`: `pid`, `wanted` (the app should run:
 * the agent restarts it when it dies), and `app.log` (its standard output and error, appended).
 * An agent that starts again finds its apps by their pid files.
 */
export class ProcessDriver implements HostDriver {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dir: string,
    private readonly osUpdateCommand?: string[],
  ) {}

  private folder(name: string): string {
    const folder = join(this.dir, 'apps', name);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  private pidOf(name: string): number | null {
    const file = join(this.folder(name), 'pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
  }

  private spawnApp(app: AppSpec): number {
    if (!app.command) throw new Error(`the app ${app.name} has no command this driver can run`);
    const folder = this.folder(app.name);
    const log = openSync(join(folder, 'app.log'), 'a');
    try {
      const [program, ...args] = app.command as [string, ...string[]];
      const child = spawn(program, args, { cwd: folder, detached: true, stdio: ['ignore', log, log] });
      child.unref();
      if (child.pid === undefined) throw new Error(`the app ${app.name} could not be started: ${program} cannot run`);
      writeFileSync(join(folder, 'pid'), String(child.pid));
      writeFileSync(join(folder, 'app.json'), JSON.stringify(app));
      return child.pid;
    } finally {
      closeSync(log);
    }
  }

  async start(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult> {
    const folder = this.folder(app.name);
    writeFileSync(join(folder, 'wanted'), '1');
    const running = this.pidOf(app.name);
    if (running !== null) return `${app.name} already runs (pid ${running})`;
    const pid = this.spawnApp(app);
    // Up means still running after stableMs: a program that exits at once failed to start.
    for (let waited = 0; waited < stableMs; waited += 100) {
      await pause(Math.min(100, stableMs - waited), signal);
      if (!alive(pid)) {
        rmSync(join(folder, 'wanted'), { force: true });
        throw new Error(`${app.name} exited during its first ${stableMs} ms; see ${join(folder, 'app.log')}`);
      }
    }
    return `${app.name} started (pid ${pid})`;
  }

  async stop(app: AppSpec, signal: AbortSignal): Promise<DriverResult> {
    const folder = this.folder(app.name);
    rmSync(join(folder, 'wanted'), { force: true });
    const pid = this.pidOf(app.name);
    if (pid === null) return `${app.name} was not running`;
    // The app leads its own process group: the signal reaches its children too.
    process.kill(-pid, 'SIGTERM');
    for (let waited = 0; waited < stopGraceMs && alive(pid); waited += 100) await pause(100, signal);
    if (alive(pid)) process.kill(-pid, 'SIGKILL');
    rmSync(join(folder, 'pid'), { force: true });
    return `${app.name} stopped (pid ${pid})`;
  }

  async restart(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult> {
    const stopped = await this.stop(app, signal);
    return `${stopped}; ${await this.start(app, stableMs, signal)}`;
  }

  osUpdate(signal: AbortSignal): Promise<DriverResult> {
    return osUpdate(this.osUpdateCommand, signal);
  }

  /** Every second, starts again the wanted apps that died (a crash), logging it in their log. */
  supervise(): void {
    this.timer ??= setInterval(() => {
      const apps = join(this.dir, 'apps');
      if (!existsSync(apps)) return;
      for (const name of readdirSync(apps)) {
        const folder = join(apps, name);
        if (!existsSync(join(folder, 'wanted')) || !existsSync(join(folder, 'app.json')) || this.pidOf(name) !== null) continue;
        const app = JSON.parse(readFileSync(join(folder, 'app.json'), 'utf8')) as AppSpec;
        writeFileSync(join(folder, 'app.log'), `[ilot agent] ${new Date().toISOString()} ${name} died: started again\n`, { flag: 'a' });
        try {
          this.spawnApp(app);
        } catch {
          // Told in its log by the next pass; the tower sees it through the next start.
        }
      }
    }, superviseEveryMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
