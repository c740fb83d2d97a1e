import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessDriver } from '../../src/agent/drivers/process.js';
import { backupIlot, deployIlot, ilotApp, type IlotSite } from '../../src/agent/ilot-site.js';
import type { TowerClient } from '../../src/agent/tower-client.js';
import type { AgentCommand } from '../../src/shared/operations/fleet.js';
import { tempDir } from '../support/engines.js';
import { fakeRelease, freePort, type FakeMode } from '../support/fleet.js';

// The agent's deploy on one host, on real processes: release archives unpacked beside each other,
// the `current` symlink switched, the node restarted by the process driver and its readiness
// awaited over HTTP. The archives are small stand-in packages (test/support/fleet.ts).

describe('deploy on one host (agent, process driver)', () => {
  const work = tempDir();
  const dir = join(work, 'agent');
  const archives = new Map<string, { bytes: Buffer; sha256: string }>();
  let site: IlotSite;
  let port: number;
  const driver = new ProcessDriver(join(work, 'agent'));

  const release = (version: string, mode: FakeMode) => archives.set(version, fakeRelease(work, version, mode));
  const deploy = (version: string, extra: { migrate?: boolean; readySeconds?: number; sha256?: string } = {}) => {
    const { sha256: given, ...spec } = extra;
    const command: AgentCommand = {
      id: `deploy-${version}`,
      spec: { type: 'deploy', app: 'ilot', version, ...spec },
      timeoutMs: 60_000,
      app: { name: 'ilot', kind: 'ilot', command: null },
      release: { version, sha256: given ?? archives.get(version)!.sha256 },
    };
    return deployIlot(site, command, AbortSignal.timeout(60_000));
  };
  const serving = async () => (await fetch(`http://127.0.0.1:${port}/`)).text();
  const current = () => readlinkSync(join(dir, 'current'));

  beforeAll(async () => {
    port = await freePort();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'site.json'), JSON.stringify({ listen: { port } }));
    release('1.0.0', 'ok');
    release('1.1.0', 'ok');
    release('1.2.0', 'not-ready');
    release('1.3.0', 'too-old');
    const tower = {
      release: (commandId: string) => Promise.resolve(archives.get(commandId.replace('deploy-', ''))!.bytes),
    } as unknown as TowerClient;
    site = { dir, configFile: join(dir, 'site.json'), readyUrl: `http://127.0.0.1:${port}/health/ready`, driver, tower };
  });

  afterAll(async () => {
    await driver.stop(ilotApp(site, 'ilot'), AbortSignal.timeout(20_000));
    driver.close();
  });

  it('unpacks, migrates, switches and restarts, then waits for readiness; later batches skip the migration', async () => {
    expect(await deploy('1.0.0')).toBe('ilot (none) → 1.0.0, ready');
    expect(await serving()).toBe('1.0.0');
    expect(current()).toBe(join(dir, 'versions', '1.0.0'));
    expect(await deploy('1.1.0', { migrate: false })).toBe('ilot 1.0.0 → 1.1.0, ready');
    expect(await serving()).toBe('1.1.0');
    expect(readFileSync(join(dir, 'migrations.log'), 'utf8')).toBe('1.0.0\n');
    expect(existsSync(join(dir, 'versions', '1.0.0', 'package', 'bin', 'ilot.js'))).toBe(true);
  });

  it('a version not ready in time is rolled back: the previous one serves again', async () => {
    await expect(deploy('1.2.0', { readySeconds: 2 })).rejects.toThrow('1.2.0 was not ready within 2 s: rolled back to 1.1.0, ready again');
    expect(current()).toBe(join(dir, 'versions', '1.1.0'));
    expect(await serving()).toBe('1.1.0');
  });

  it('refuses a version the migrated database is too new for, and a tampered archive, before anything changes', async () => {
    const pid = readFileSync(join(dir, 'apps', 'ilot', 'pid'), 'utf8');
    await expect(deploy('1.3.0')).rejects.toThrow('1.3.0 cannot run on this database');
    archives.set('1.4.0', { bytes: Buffer.from('altered'), sha256: archives.get('1.1.0')!.sha256 });
    await expect(deploy('1.4.0')).rejects.toThrow('FLEET_RELEASE_TAMPERED');
    expect(existsSync(join(dir, 'versions', '1.4.0'))).toBe(false);
    expect(current()).toBe(join(dir, 'versions', '1.1.0'));
    expect(readFileSync(join(dir, 'apps', 'ilot', 'pid'), 'utf8')).toBe(pid);
    expect(await serving()).toBe('1.1.0');
  });

  it('backs up through the running version', async () => {
    expect(await backupIlot(site, AbortSignal.timeout(20_000))).toBe('backup of 1.1.0 written');
  });
});
