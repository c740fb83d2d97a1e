import { Writable } from 'node:stream';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { ConfigSchema, type Config } from '../../src/config/schema.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/server.js';
import { tempDir, type TestEngine } from './engines.js';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A complete configuration from defaults and the given values. */
export function makeConfig(values: DeepPartial<Config> = {}): Config {
  return Value.Default(ConfigSchema, structuredClone(values)) as Config;
}

/** Captures the server's JSON log lines. */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

export interface TestServer extends RunningServer {
  config: Config;
  logs: LogCapture;
  /** POSTs a JSON body to an operation and returns status and parsed body. */
  call(operation: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

/** A real server on a free loopback port, on a fresh database of the engine and a fresh files directory. */
export async function startTestServer(
  engine: TestEngine,
  values: DeepPartial<Config> = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  const config = makeConfig({
    ...values,
    listen: { host: '127.0.0.1', port: 0, ...values.listen },
    database: { url: await engine.freshUrl(), ...values.database },
    files: { dir: join(tempDir(), 'files'), ...values.files },
    log: { level: 'info', ...values.log },
  });
  const logs = new LogCapture();
  const server = await startServer(config, { logStream: logs, ...options });
  return {
    ...server,
    config,
    logs,
    async call(operation, body = {}, headers = {}) {
      const response = await fetch(`${server.url}/api/ops/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
  };
}
