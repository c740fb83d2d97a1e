import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentCommand, Inventory } from '../shared/operations/fleet.js';
import { ilotVersion } from '../config/version.js';
import { loadConfig } from '../config/load.js';
import type { AppSpec, HostDriver } from './drivers/driver.js';
import { ProcessDriver } from './drivers/process.js';
import { SystemdDriver } from './drivers/systemd.js';
import { backupIlot, currentVersion, deployIlot, ilotApp, recoverDeploy, type IlotSite } from './ilot-site.js';
import { inventory } from './inventory.js';
import { Journal } from './journal.js';
import { TowerClient, TowerError } from './tower-client.js';

export interface AgentOptions {
  tower: string;
  dir: string;
  /** The one-time enrolment token, used when the journal holds no credential yet. */
  token?: string;
  log?: (line: string) => void;
  /** How it runs the apps: child processes (default), or systemd units. */
  driver?: 'process' | 'systemd';
  /** The Ilot node's configuration file (default `<dir>/site.json`). */
  siteConfig?: string;
  /** What `os.update` runs instead of apt (where apt cannot run: tests). */
  osUpdateCommand?: string[];
}

const defaultStableMs = 1000;
const maxBackoffMs = 10_000;
/** How often an agent asks a tower that answers at once (one that holds no long poll). */
const plainPollMs = 5_000;

/**
 * `ilot agent`: enrols once, then exchanges messages with the tower until stopped. Each message
 * carries the results the journal holds unreported and a fresh counter; without results it is a
 * long poll, abandoned as soon as a result is ready. Commands run one at a time, each at most once
 * (the journal), within its timeout, and stop when the tower cancels them. The apps it started
 * keep running when it stops.
 */
export class Agent {
  private readonly journal: Journal;
  private readonly driver: HostDriver;
  private readonly log: (line: string) => void;
  private tower!: TowerClient;
  private site!: IlotSite;
  private stopped = false;
  private poll: AbortController | null = null;
  private readonly queue: AgentCommand[] = [];
  private current: { id: string; cancel: AbortController } | null = null;
  private facts: Inventory | null = null;
  private wakeLoop: (() => void) | null = null;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly options: AgentOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.journal = new Journal(options.dir);
    this.driver =
      options.driver === 'systemd'
        ? new SystemdDriver(options.dir, undefined, options.osUpdateCommand)
        : new ProcessDriver(options.dir, options.osUpdateCommand);
    this.log = options.log ?? ((line) => console.log(line));
  }

  /** Enrols if needed, recovers from the journal, and starts exchanging. */
  async start(): Promise<void> {
    let credential = this.journal.setting('credential');
    const base = new TowerClient(this.options.tower);
    if (credential === null) {
      if (!this.options.token)
        throw new Error('this agent is not enrolled: give it the token `ilot fleet host add` printed (--token or ILOT_AGENT_TOKEN)');
      const enrolled = await base.enrol({ token: this.options.token, version: ilotVersion });
      credential = enrolled.credential;
      this.journal.setSetting('credential', credential);
      this.journal.setSetting('host', enrolled.hostName);
      this.log(`enrolled as host ${enrolled.hostName}`);
    }
    this.tower = base.withCredential(credential);
    const configFile = this.options.siteConfig ?? join(this.options.dir, 'site.json');
    this.site = { dir: this.options.dir, configFile, readyUrl: readyUrlOf(configFile), driver: this.driver, tower: this.tower };
    // A deploy the agent died in is undone first: the host goes back to the version it ran.
    const undone = await recoverDeploy(this.site);
    if (undone !== null) this.log(`an interrupted deploy was undone: ${undone}`);
    // A command that was running when the agent stopped is not run again: its end is unknown, so it is lost.
    const lost = `the agent stopped while it ran the command${undone === null ? '' : `; ${undone}`}`;
    for (const id of this.journal.interrupted()) this.journal.finish(id, 'lost', Date.now(), undefined, lost);
    this.queue.push(...this.journal.notStarted());
    this.facts = inventory(this.options.dir);
    this.driver.supervise();
    this.loopDone = this.loop();
    void this.runQueue();
  }

  /** Settles when the agent stops exchanging: stopped, or its credential refused. */
  get finished(): Promise<void> {
    return this.loopDone;
  }

  /** Stops exchanging and running commands; the apps keep running. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.poll?.abort();
    this.wakeLoop?.();
    this.current?.cancel.abort(new Error('the agent is stopping'));
    await this.loopDone;
    this.driver.close();
    this.journal.close();
  }

  /** Something to tell the tower: abandon the long poll and send it. */
  private wake(): void {
    this.poll?.abort();
    this.wakeLoop?.();
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.stopped) {
      const reports = this.journal.unreported();
      const facts = this.facts;
      this.poll = new AbortController();
      const sentAt = Date.now();
      try {
        const answer = await this.tower.exchange(
          { seq: this.journal.nextSeq(), version: ilotVersion, reports, ...(facts ? { inventory: facts } : {}) },
          this.poll.signal,
        );
        backoff = 500;
        this.journal.reported(reports);
        if (facts === this.facts) this.facts = null;
        this.take(answer.commands, answer.cancel);
        // Nothing came back at once: the tower holds no long poll. Ask again later, or as soon as there is a result.
        if (reports.length === 0 && answer.commands.length === 0 && answer.cancel.length === 0)
          await this.pause(plainPollMs - (Date.now() - sentAt));
      } catch (error) {
        if (this.poll.signal.aborted) continue;
        if (error instanceof TowerError && error.code === 'AGENT_COMMAND_UNKNOWN') {
          // The tower never gave this command to this host: drop the report rather than repeat it forever.
          const id = (error.details as { commandId?: string } | undefined)?.commandId;
          this.journal.reported(reports.filter((r) => r.commandId === id));
          this.log(`the tower refused a report on ${id}: it never gave this host that command`);
          continue;
        }
        if (error instanceof TowerError && !error.retryable && error.code !== 'AGENT_MESSAGE_REPLAYED') {
          this.log(`the tower refused this agent: ${error.code} ${error.message}`);
          if (error.code === 'AGENT_CREDENTIAL_INVALID') return;
        } else this.log(`the tower cannot be reached (${(error as Error).message}); results are kept until it can`);
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  /** Waits `ms`, or less when woken (a result to send, the agent stopping). */
  private async pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeLoop = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeLoop = null;
  }

  /** New commands go to the queue once recorded; an id given again is ignored. Cancellations stop the running one. */
  private take(commands: AgentCommand[], cancel: string[]): void {
    for (const command of commands) if (this.journal.receive(command, Date.now())) this.queue.push(command);
    for (const id of cancel) {
      if (this.current?.id === id) this.current.cancel.abort(new CancelledError());
      const queued = this.queue.findIndex((c) => c.id === id);
      if (queued >= 0) {
        this.queue.splice(queued, 1);
        this.journal.start(id, Date.now());
        this.journal.finish(id, 'cancelled', Date.now(), undefined, 'cancelled before it started');
        this.wake();
      }
    }
    void this.runQueue();
  }

  private running = false;

  private async runQueue(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped && this.queue.length > 0) await this.run(this.queue.shift()!);
    } finally {
      this.running = false;
    }
  }

  private async run(command: AgentCommand): Promise<void> {
    const cancel = new AbortController();
    this.current = { id: command.id, cancel };
    this.journal.start(command.id, Date.now());
    this.wake();
    const signal = AbortSignal.any([cancel.signal, AbortSignal.timeout(command.timeoutMs)]);
    try {
      const output = await this.execute(command, signal);
      this.journal.finish(command.id, 'succeeded', Date.now(), output);
    } catch (error) {
      const state = cancel.signal.aborted ? (this.stopped ? null : 'cancelled') : signal.aborted ? 'timed_out' : 'failed';
      // Stopping the agent mid-command leaves it started and unfinished: lost at the next start.
      if (state) this.journal.finish(command.id, state, Date.now(), undefined, (error as Error).message);
    } finally {
      this.current = null;
    }
    this.log(`command ${command.id} (${command.spec.type}) ended`);
    this.wake();
  }

  private async execute(command: AgentCommand, signal: AbortSignal): Promise<string> {
    const { spec, app } = command;
    const runnable = (): AppSpec => {
      if (app?.kind === 'process') return app;
      if (app?.kind === 'ilot' && currentVersion(this.site) !== null) return ilotApp(this.site, app.name);
      throw new Error(`${app?.name ?? 'this app'} is not deployed on this host yet`);
    };
    switch (spec.type) {
      case 'inventory': {
        const facts = inventory(this.options.dir);
        this.facts = facts;
        return `${facts.platform} ${facts.osRelease}, ${facts.cpus} CPUs, node ${facts.node}`;
      }
      case 'start':
        return this.driver.start(runnable(), spec.stableMs ?? defaultStableMs, signal);
      case 'stop':
        return this.driver.stop(runnable(), signal);
      case 'restart':
        return this.driver.restart(runnable(), spec.stableMs ?? defaultStableMs, signal);
      case 'os.update':
        return this.driver.osUpdate(signal);
      case 'deploy':
        return deployIlot(this.site, command, signal);
      case 'backup':
        return backupIlot(this.site, signal);
    }
  }
}

/** Where the node answers its readiness check: its listen address, as its configuration gives it. */
function readyUrlOf(configFile: string): string {
  const { listen } = loadConfig(existsSync(configFile) ? { file: configFile } : {}).config;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${listen.port}/health/ready`;
}

class CancelledError extends Error {
  constructor() {
    super('cancelled by the tower');
  }
}
