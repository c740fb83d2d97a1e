import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import type { TObject } from '@sinclair/typebox';
import { ConfigSchema, type Config } from './schema.js';
import { closestName, coerce, describeExpected, isReservedVariable, settingsOf } from './env.js';
import { redactSecrets } from '../shared/redact.js';

export const defaultConfigFile = 'ilot.config.json';
export const settings = settingsOf(ConfigSchema);

/** The configuration could not be used; `problems` name each key and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Path given on the command line; takes precedence over ILOT_CONFIG. */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  config: Config;
  /** The file read, if any. */
  file: string | null;
}

/** Reads defaults, then the configuration file, then ILOT_* variables; validates the result. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const file = pickFile(options.file ?? env.ILOT_CONFIG);
  const problems: string[] = [];
  const sources = new Map<string, string>();
  const merged = file ? readFile(file, problems) : {};
  for (const key of Object.keys(merged)) sources.set(key, file!);

  const known = new Set(settings.map((s) => s.env));
  for (const name of Object.keys(env)) {
    if (name.startsWith('ILOT_') && !known.has(name) && !isReservedVariable(name)) {
      // A typo must not fall back to the default silently: refuse, and name what was likely meant.
      const meant = closestName(name, known);
      problems.push(
        meant ? `${name}: unknown setting; did you mean ${meant}?` : `${name}: unknown setting (known: ${[...known].join(', ')})`,
      );
    }
  }
  for (const setting of settings) {
    const raw = env[setting.env];
    if (raw === undefined) continue;
    setIn(merged, setting.path, coerce(raw, setting.schema));
    sources.set(setting.path.join('.'), setting.env);
  }
  if (problems.length) throw new ConfigError(problems);

  const config = Value.Default(ConfigSchema, merged) as Config;
  const seen = new Set<string>();
  for (const error of Value.Errors(ConfigSchema, config)) {
    const key = error.path.slice(1).replaceAll('/', '.') || '(root)';
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(describeProblem(key, error, sourceOf(sources, key)));
  }
  if (!problems.length && !/^sqlite:/.test(config.database.url) && !URL.canParse(config.database.url)) {
    problems.push(
      `database.url${sourceOf(sources, 'database.url')}: not a valid URL (characters such as # or @ in the password must be percent-encoded), got ${redactSecrets(JSON.stringify(config.database.url))}`,
    );
  }
  if (!problems.length && !isTimeZone(config.tasks.timeZone)) {
    problems.push(
      `tasks.timeZone${sourceOf(sources, 'tasks.timeZone')}: not a known IANA time zone (such as UTC or Europe/Paris), got ${JSON.stringify(config.tasks.timeZone)}`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return { config, file };
}

function sourceOf(sources: Map<string, string>, key: string): string {
  const source = sources.get(key) ?? sources.get(key.split('.')[0]!);
  return source ? ` (from ${source})` : '';
}

function pickFile(given: string | undefined): string | null {
  if (given) return resolve(given);
  const fallback = resolve(defaultConfigFile);
  return existsSync(fallback) ? fallback : null;
}

function readFile(file: string, problems: string[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`${file}: must hold a JSON object`);
  } catch (error) {
    problems.push(`${file}: not valid JSON (${(error as Error).message})`);
  }
  throw new ConfigError(problems);
}

function setIn(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (next && typeof next === 'object' ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

function describeProblem(key: string, error: ValueError, from: string): string {
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const parent = key.split('.').slice(0, -1);
    const schema = parent.reduce<TObject>((node, part) => node.properties[part] as TObject, ConfigSchema);
    const allowed = Object.keys(schema.properties);
    const meant = closestName(key.split('.').pop()!, allowed);
    return `${key}${from}: unknown key; ${meant ? `did you mean ${meant}? ` : ''}allowed here: ${allowed.join(', ')}`;
  }
  if (error.value === undefined) return `${key}${from}: missing`;
  const shown = /password/i.test(key) ? '(not shown)' : redactSecrets(JSON.stringify(error.value));
  return `${key}${from}: expected ${describeExpected(error.schema)}, got ${shown}`;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
