import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { osUpdate } from '../../src/agent/drivers/apt.js';
import { systemdRuns, unitFile, unitName } from '../../src/agent/drivers/systemd.js';
import { tempDir } from '../support/engines.js';

describe('host drivers', () => {
  it('writes the unit of an app: its command quoted, restarted on failure, its output in its log', () => {
    const unit = unitFile(
      { name: 'ilot', kind: 'ilot', command: ['/usr/bin/node', '/srv/a b/ilot.js', '--config', '100%$x"'] },
      '/var/lib/ilot-agent/apps/ilot',
    );
    expect(unitName('ilot')).toBe('ilot-ilot.service');
    expect(unit).toContain('ExecStart="/usr/bin/node" "/srv/a b/ilot.js" "--config" "100%%$$x\\""\n');
    expect(unit).toContain('WorkingDirectory=/var/lib/ilot-agent/apps/ilot\n');
    expect(unit).toContain('Restart=on-failure\n');
    expect(unit).toContain('StandardOutput=append:/var/lib/ilot-agent/apps/ilot/app.log\n');
    expect(unit).toContain('WantedBy=multi-user.target\n');
    expect(() => unitFile({ name: 'x', kind: 'ilot', command: null }, '/tmp')).toThrow('no command');
  });

  it('detects systemd (starting and stopping real units needs it: not on this machine)', () => {
    // systemd is detected by /run/systemd/system, which exists only when it booted the host. Where
    // it does not, the driver cannot start units and the real start/stop cannot be tested here.
    const runs = systemdRuns();
    expect(runs).toBe(existsSync('/run/systemd/system'));
    if (!runs) console.info('systemd does not run this host (no /run/systemd/system): real unit start/stop not exercised here');
  });

  it('os.update runs its command non-interactively and fails with its exit code (a stub: apt cannot run here)', async () => {
    // The real `apt-get update && apt-get -y upgrade` needs root and the network; a stub stands in for it.
    const record = join(tempDir(), 'called');
    const done = await osUpdate(['sh', '-c', `echo "$DEBIAN_FRONTEND" > ${record}; echo upgraded 3 packages`], AbortSignal.timeout(10_000));
    expect(done).toBe('os.update done: upgraded 3 packages');
    expect(readFileSync(record, 'utf8').trim()).toBe('noninteractive');
    await expect(osUpdate(['sh', '-c', 'echo no lock >&2; exit 100'], AbortSignal.timeout(10_000))).rejects.toThrow(
      'os.update failed (exit 100): no lock',
    );
  });
});
