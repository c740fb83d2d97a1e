import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLine, runProgram } from '../run-program.js';
import { osUpdate } from './apt.js';
import type { AppSpec, DriverResult, HostDriver } from './driver.js';

/** Whether systemd runs this host (its own test: the directory exists only when it booted the system). */
export const systemdRuns = () => existsSync('/run/systemd/system');

export const unitName = (app: string) => `ilot-${app}.service`;

/** An argument as systemd's ExecStart reads it: quoted, with its specifiers (%) and variables ($) escaped. */
const quoted = (arg: string) => `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;

/**
 * The unit of an app: run from its folder in the agent's directory, restarted by systemd when it
 * fails, its output appended to `app.log` there (as the process driver does), stopped with its
 * whole control group.
 */
export function unitFile(app: AppSpec, folder: string): string {
  if (!app.command) throw new Error(`the app ${app.name} has no command this driver can run`);
  return [
    '[Unit]',
    `Description=${app.name} (Ilot fleet app, written by the ilot agent)`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `WorkingDirectory=${folder}`,
    `ExecStart=${app.command.map(quoted).join(' ')}`,
    'Restart=on-failure',
    'RestartSec=1',
    'KillMode=control-group',
    'TimeoutStopSec=10',
    `StandardOutput=append:${join(folder, 'app.log')}`,
    `StandardError=append:${join(folder, 'app.log')}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/**
 * Runs each app as a systemd unit `ilot-<app>.service` in `unitDir` (/etc/systemd/system): systemd
 * starts it at boot and restarts it on failure, so the agent does not supervise. Needs root.
 */
export class SystemdDriver implements HostDriver {
  constructor(
    private readonly dir: string,
    private readonly unitDir = '/etc/systemd/system',
    private readonly osUpdateCommand?: string[],
  ) {}

  private async systemctl(args: string[], signal: AbortSignal): Promise<string> {
    const result = await runProgram(['systemctl', ...args], signal);
    if (result.code !== 0) throw new Error(`systemctl ${args.join(' ')} failed (exit ${result.code}): ${lastLine(result.output)}`);
    return result.output;
  }

  /** Writes the app's unit when it changed, and has systemd read it again. */
  private async install(app: AppSpec, signal: AbortSignal): Promise<void> {
    const folder = join(this.dir, 'apps', app.name);
    mkdirSync(folder, { recursive: true });
    const file = join(this.unitDir, unitName(app.name));
    const unit = unitFile(app, folder);
    if (existsSync(file) && readFileSync(file, 'utf8') === unit) return;
    writeFileSync(file, unit);
    await this.systemctl(['daemon-reload'], signal);
  }

  /** Up means still active after stableMs. */
  private async stable(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, stableMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
    });
    const active = await runProgram(['systemctl', 'is-active', unitName(app.name)], signal);
    if (active.code !== 0)
      throw new Error(`${app.name} is ${lastLine(active.output)} after ${stableMs} ms; see journalctl -u ${unitName(app.name)}`);
  }

  async start(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult> {
    await this.install(app, signal);
    await this.systemctl(['enable', '--now', unitName(app.name)], signal);
    await this.stable(app, stableMs, signal);
    return `${app.name} started (${unitName(app.name)})`;
  }

  async stop(app: AppSpec, signal: AbortSignal): Promise<DriverResult> {
    if (!existsSync(join(this.unitDir, unitName(app.name)))) return `${app.name} was not running`;
    await this.systemctl(['disable', '--now', unitName(app.name)], signal);
    return `${app.name} stopped (${unitName(app.name)})`;
  }

  async restart(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult> {
    await this.install(app, signal);
    await this.systemctl(['enable', unitName(app.name)], signal);
    await this.systemctl(['restart', unitName(app.name)], signal);
    await this.stable(app, stableMs, signal);
    return `${app.name} restarted (${unitName(app.name)})`;
  }

  osUpdate(signal: AbortSignal): Promise<DriverResult> {
    return osUpdate(this.osUpdateCommand, signal);
  }

  /** systemd restarts failed units itself (Restart=on-failure). */
  supervise(): void {}

  close(): void {}
}
