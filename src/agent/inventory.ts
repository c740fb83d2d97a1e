import { statfsSync } from 'node:fs';
import { arch, cpus, freemem, hostname, platform, release, totalmem, uptime } from 'node:os';
import type { Inventory } from '../shared/operations/fleet.js';

/** Facts of this host: system, processors, memory, the disk of the agent's directory, Node. */
export function inventory(dir: string): Inventory {
  const disk = statfsSync(dir);
  return {
    hostname: hostname().slice(0, 255),
    platform: platform(),
    osRelease: release().slice(0, 200),
    arch: arch(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    diskBytes: disk.blocks * disk.bsize,
    freeDiskBytes: disk.bavail * disk.bsize,
    node: process.version,
    uptimeSeconds: Math.floor(uptime()),
  };
}
