import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEngines, tempDir } from '../../../../test/support/engines.js';
import { operatedSite } from '../../../../test/support/members.js';
import { refusal } from '../../../../test/support/operators.js';

describeEngines('fleet.app.add and fleet.app.addVersion', (engine) => {
  const site = operatedSite(engine, { tasks: { enabled: false } });

  it('keeps a version whose archive matches its SHA-256, and refuses a tampered or missing one', async () => {
    await site.alice.call('fleet.app.add', { name: 'ilot', kind: 'ilot' });
    const archive = join(tempDir(), 'ilot-1.0.0.tgz');
    writeFileSync(archive, 'release one');
    const sha256 = createHash('sha256').update('release one').digest('hex');
    const app = await site.alice.call('fleet.app.addVersion', { app: 'ilot', version: '1.0.0', archivePath: archive, sha256 });
    expect(app.versions.map((v) => [v.version, v.sha256])).toEqual([['1.0.0', sha256]]);
    writeFileSync(archive, 'release one, altered');
    const tampered = await refusal(
      site.alice.call('fleet.app.addVersion', { app: 'ilot', version: '1.0.1', archivePath: archive, sha256 }),
    );
    expect(tampered.code).toBe('FLEET_RELEASE_TAMPERED');
    const missing = await refusal(
      site.alice.call('fleet.app.addVersion', { app: 'ilot', version: '1.0.2', archivePath: join(tempDir(), 'nothing.tgz'), sha256 }),
    );
    expect(missing.code).toBe('FLEET_RELEASE_MISSING');
    expect(
      (await refusal(site.alice.call('fleet.app.addVersion', { app: 'ilot', version: '1.0.0', archivePath: archive, sha256 }))).code,
    ).toBe('FLEET_VERSION_EXISTS');
    expect((await site.oscar.call('fleet.app.list', {})).apps.map((a) => [a.name, a.versions.length])).toEqual([['ilot', 1]]);
  });

  it('a process app needs its command, an Ilot app takes none; names are unique', async () => {
    expect((await refusal(site.alice.call('fleet.app.add', { name: 'clock', kind: 'process' }))).code).toBe('VALIDATION_FAILED');
    expect((await refusal(site.alice.call('fleet.app.add', { name: 'other', kind: 'ilot', command: ['x'] }))).code).toBe(
      'VALIDATION_FAILED',
    );
    await site.alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['node', 'clock.js'] });
    expect((await refusal(site.alice.call('fleet.app.add', { name: 'clock', kind: 'process', command: ['x'] }))).code).toBe(
      'FLEET_APP_EXISTS',
    );
  });
});
