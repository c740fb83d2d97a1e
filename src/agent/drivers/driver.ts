/** An app as the tower's catalog describes it to the agent. */
export interface AppSpec {
  name: string;
  kind: string;
  command: string[] | null;
}

/** What a driver answers: a line for the command's output. */
export type DriverResult = string;

/**
 * How a host runs its apps: as child processes (process.ts) or as systemd units (systemd.ts). Each method is idempotent:
 * starting a running app or stopping a stopped one succeeds and says so. A refusal throws.
 */
export interface HostDriver {
  start(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult>;
  stop(app: AppSpec, signal: AbortSignal): Promise<DriverResult>;
  restart(app: AppSpec, stableMs: number, signal: AbortSignal): Promise<DriverResult>;
  /** Updates the operating system's packages (apt, on Debian). */
  osUpdate(signal: AbortSignal): Promise<DriverResult>;
  /** Starts watching the apps it should keep running (restart on crash) until `close`. */
  supervise(): void;
  close(): void;
}
