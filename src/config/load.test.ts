import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/engines.js';
import { ConfigError, loadConfig, settings } from './load.js';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function configFile(content: string): string {
  const file = join(tempDir(), 'ilot.config.json');
  writeFileSync(file, content);
  return file;
}

describe('configuration', () => {
  it('defaults to SQLite and files under ./data, listening on 127.0.0.1:8080', () => {
    const { config, file } = loadConfig({ env: {}, file: undefined });
    expect(file).toBeNull();
    expect(config.database.url).toBe('sqlite:./data/ilot.db');
    expect(config.files.dir).toBe('./data/files');
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
  });

  it('reads the file, then lets ILOT_* variables override it', () => {
    const file = configFile(JSON.stringify({ siteName: 'Hébergeur', listen: { port: 9000 }, http: { trustedProxies: ['10.0.0.1'] } }));
    const { config } = loadConfig({ file, env: { ILOT_LISTEN_PORT: '9100', ILOT_LOG_LEVEL: 'warn' } });
    expect(config.siteName).toBe('Hébergeur');
    expect(config.listen.port).toBe(9100);
    expect(config.listen.host).toBe('127.0.0.1');
    expect(config.http.trustedProxies).toEqual(['10.0.0.1']);
    expect(config.log.level).toBe('warn');
  });

  it('finds the file through ILOT_CONFIG', () => {
    const file = configFile(JSON.stringify({ siteName: 'Par variable' }));
    expect(loadConfig({ env: { ILOT_CONFIG: file } }).config.siteName).toBe('Par variable');
  });

  it('names the key, its source and what it expects for a bad value', () => {
    expect(problemsOf(() => loadConfig({ env: { ILOT_LISTEN_PORT: 'abc' } }))).toEqual([
      'listen.port (from ILOT_LISTEN_PORT): expected an integer from 0 to 65535, got "abc"',
    ]);
    const file = configFile(JSON.stringify({ log: { level: 'loud' }, http: { trustedProxies: 'yes please' } }));
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^log\.level \(from .*ilot\.config\.json\): expected one of fatal, error, warn, info, debug, trace, silent, got "loud"$/,
      ),
    );
    expect(problems).toContainEqual(expect.stringMatching(/^http\.trustedProxies .*expected a JSON list of proxy addresses/));
  });

  it('refuses unknown keys in the file and unknown ILOT_* variables', () => {
    const file = configFile(JSON.stringify({ listen: { prot: 80 }, colour: 'blue' }));
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    expect(problems.join('\n')).toMatch(/prot/);
    expect(problems.join('\n')).toMatch(/colour/);
    expect(problemsOf(() => loadConfig({ env: { ILOT_LISTEN_PROT: '80' } }))[0]).toMatch(/^ILOT_LISTEN_PROT: unknown setting/);
  });

  it('refuses a PostgreSQL URL that cannot be parsed, and never echoes a password', () => {
    const [problem] = problemsOf(() => loadConfig({ env: { ILOT_DATABASE_URL: 'postgres://ilot:pa#ss@db/ilot' } }));
    expect(problem).toMatch(/^database\.url \(from ILOT_DATABASE_URL\): not a valid URL/);
    expect(problem).not.toContain('pa#ss');
    const file = configFile(JSON.stringify({ database: 'postgres://ilot:hunter2@db/ilot?password=hunter3' }));
    const problems = problemsOf(() => loadConfig({ file, env: {} }));
    expect(problems.join('\n')).not.toMatch(/hunter/);
  });

  it('refuses a database URL of another kind, without echoing its password', () => {
    const [problem] = problemsOf(() => loadConfig({ env: { ILOT_DATABASE_URL: 'mysql://root:hunter2@db/ilot' } }));
    expect(problem).toMatch(/^database\.url \(from ILOT_DATABASE_URL\): expected sqlite:<file path> or postgres:/);
    expect(problem).not.toContain('hunter2');
  });

  it('reports a file that is not JSON or cannot be read', () => {
    expect(problemsOf(() => loadConfig({ file: configFile('{ "siteName": '), env: {} }))[0]).toMatch(/not valid JSON/);
    expect(problemsOf(() => loadConfig({ file: configFile('[1]'), env: {} }))[0]).toMatch(/must hold a JSON object/);
    expect(problemsOf(() => loadConfig({ file: join(tempDir(), 'missing.json'), env: {} }))[0]).toMatch(/cannot be read \(ENOENT\)/);
  });

  it('is documented: every setting and its variable appear in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const setting of settings) {
      expect(readme, setting.path.join('.')).toContain(`\`${setting.path.join('.')}\``);
      expect(readme, setting.env).toContain(`\`${setting.env}\``);
    }
  });
});
