import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { nodeWithTsx, root } from './cli.js';
import { endArg, relay } from './loopback-relay.js';

// Network namespaces made by the test (`ip netns`, as root), with loopback addresses only: a
// process inside reaches the test's 127.0.0.1 only through the relays of loopback-relay.ts.

const ip = (args: string[]) => execFileSync('ip', args, { stdio: 'pipe', encoding: 'utf8' });

/** Why this machine cannot make network namespaces (not root, no iproute2…), or null when it can. */
export function netnsUnavailable(): string | null {
  const probe = `ilot-probe-${process.pid}`;
  try {
    ip(['netns', 'add', probe]);
    ip(['netns', 'del', probe]);
    return null;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    return `ip netns add failed: ${(stderr || message).trim().split('\n').pop()}`;
  }
}

/** A network namespace made by the test, with its relays. */
export interface Namespace {
  name: string;
  /** The command that runs a program inside. */
  within: string[];
  close(): void;
}

/**
 * Makes a namespace with only its loopback up, where each `reach` address of the test (127.0.0.1
 * unless said) is reachable at the same port of the namespace's 127.0.0.1, and each `expose`d port
 * of its own 127.0.0.1 is reachable from the test at its `outside` port; `dir` holds the relays'
 * socket files.
 */
export async function openNamespace(
  name: string,
  dir: string,
  { reach, expose }: { reach: { port: number; host?: string }[]; expose: { inside: number; outside: number }[] },
): Promise<Namespace> {
  const servers: Server[] = [];
  let relays: ChildProcess | null = null;
  const namespace: Namespace = {
    name,
    within: ['ip', 'netns', 'exec', name],
    close() {
      relays?.kill('SIGKILL');
      for (const server of servers) server.close();
      try {
        ip(['netns', 'del', name]);
      } catch {
        // Never made.
      }
    },
  };
  try {
    ip(['netns', 'add', name]);
    ip(['-n', name, 'link', 'set', 'lo', 'up']);
    const pairs: string[] = [];
    for (const { port, host } of reach) {
      const path = join(dir, `reach-${port}.sock`);
      servers.push(await relay({ path }, { port, host }));
      pairs.push(`${endArg({ port })}=${endArg({ path })}`);
    }
    for (const { inside, outside } of expose) {
      const path = join(dir, `expose-${inside}.sock`);
      servers.push(await relay({ port: outside }, { path }));
      pairs.push(`${endArg({ path })}=${endArg({ port: inside })}`);
    }
    const script = join(root, 'test', 'support', 'loopback-relay.ts');
    const child = spawn(namespace.within[0]!, [...namespace.within.slice(1), ...nodeWithTsx, script, ...pairs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    relays = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('relaying') && resolve());
      child.once('exit', (code) => reject(new Error(`the relays of ${name} exited with ${code}`)));
    });
    return namespace;
  } catch (error) {
    namespace.close();
    throw error;
  }
}

/** The network namespace a process runs in (its inode, as `/proc/<pid>/ns/net` names it). */
export const netnsOf = (pid: number | 'self') => readlinkSync(`/proc/${pid}/ns/net`);

/** The addresses of a namespace's interfaces, as `<interface> <address>`. */
export const addressesIn = (name: string) =>
  ip(['-n', name, '-o', 'addr', 'show'])
    .trim()
    .split('\n')
    .map((line) => line.split(/\s+/))
    .map((fields) => `${fields[1]} ${fields[3]}`);
