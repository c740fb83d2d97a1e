import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { scopedIdKeyword } from '../../src/shared/ids.js';
import { maxInputDepth } from '../../src/shared/limits.js';
import { OrgCode } from '../../src/shared/protocol.js';

// Inputs of an operation, generated from its TypeBox schema: a value that matches it (often enough
// to reach the operation itself), then a few mutations of the kinds careless clients and attackers send.

/** JSON text written as it is inside a generated value: numbers JavaScript cannot hold, deep nesting. */
export class RawJson {
  constructor(
    readonly text: string,
    /** Nested deeper than any input may be (`maxInputDepth`). */
    readonly deep = false,
  ) {}

  /** How a counterexample shows it: long texts cut short. */
  [fc.toStringMethod](): string {
    return this.text.length > 60 ? `raw(${this.text.slice(0, 30)}… ${this.text.length} characters)` : `raw(${this.text})`;
  }
}

/** Values of the site under test, so that some inputs name things that exist. */
export interface KnownValues {
  scopedIds: string[];
  orgCodes: string[];
}

const orgCodePattern = OrgCode().pattern;

/** A string that follows a schema's pattern, and its lengths as far as the pattern allows. */
function patterned(schema: TSchema): fc.Arbitrary<string> {
  const max = (schema.maxLength as number | undefined) ?? Infinity;
  return fc.stringMatching(new RegExp(schema.pattern as string, 'u')).map((text) => text.slice(0, max));
}

function validString(schema: TSchema, known: KnownValues): fc.Arbitrary<string> {
  const knownOnes = schema[scopedIdKeyword] ? known.scopedIds : schema.pattern === orgCodePattern ? known.orgCodes : [];
  const generated = schema.pattern
    ? patterned(schema)
    : fc.oneof(
        ...(['grapheme', 'grapheme-ascii'] as const).map((unit) =>
          fc.string({
            unit,
            minLength: (schema.minLength as number | undefined) ?? 0,
            maxLength: Math.min((schema.maxLength as number | undefined) ?? 40, 40),
          }),
        ),
      );
  return knownOnes.length ? fc.oneof(fc.constantFrom(...knownOnes), generated) : generated;
}

/** A value that matches `schema` (patterns and lengths followed loosely). */
export function validValue(schema: TSchema, known: KnownValues): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...(schema.anyOf as TSchema[]).map((option) => validValue(option, known)));
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, TSchema>;
      const model = Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, validValue(child, known)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
    }
    case 'array':
      return fc.array(validValue(schema.items as TSchema, known), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
      });
    case 'string':
      return validString(schema, known);
    case 'integer':
      return fc.integer({ min: schema.minimum as number, max: schema.maximum as number });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`no generator for the schema ${JSON.stringify(schema)}`);
  }
}

const raw = (...texts: string[]) => texts.map((text) => new RawJson(text));

/** Every value of another type than expected. */
const wrongTypes = fc.constantFrom<unknown>(0, -1, 1.5, true, false, null, '', 'x', [], {}, [1, 'a'], { a: 1 });

/** Numbers past every bound, numbers JavaScript cannot hold exactly, and numbers written as strings. */
const extremeNumbers = fc.oneof(
  fc.constantFrom<unknown>(
    ...raw(
      '1e308',
      '-1e308',
      '1e400',
      '-1e400',
      '9223372036854775808',
      '-9223372036854775809',
      '18446744073709551616',
      '9007199254740993',
      '-0',
      '0.5',
      '1e-400',
      '"NaN"',
      '"Infinity"',
      '"-0"',
      '"1e308"',
    ),
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    2 ** 63,
  ),
  fc.double(),
  fc.integer(),
);

/** Texts no client should send: NUL, lone surrogates, direction marks, paths, SQL. */
const strangeStrings = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udc00y',
    '\udfff\ud800',
    '\u202e',
    '\n\r\t',
    '%00',
    "'; drop table notes; --",
    '../../etc/passwd',
    '\ufeff',
    '\u2028',
  ),
  // Any UTF-16 code unit, lone surrogates included.
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 30 }),
);

/** Long texts, up to a few hundred kilobytes once sent (raw, so that a counterexample shows them short). */
const longStrings = fc
  .tuple(fc.constantFrom('a', '€', '😀', '\u0000', '\ud800'), fc.constantFrom(300, 5_000, 70_000))
  .map(([unit, times]) => new RawJson(JSON.stringify(unit.repeat(times))));

/** Arrays or objects nested thousands of levels deep, as JSON text. */
const deepNesting = fc
  .tuple(fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"x":', '}]']), fc.constantFrom(100, 1_000, 5_000, 20_000))
  .map(([[open, close], depth]) => new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`, depth > maxInputDepth));

/** What may replace any value of an input. */
const replacements = fc.oneof(wrongTypes, extremeNumbers, strangeStrings, longStrings, deepNesting);

/** Keys no input has: prototype names, NUL, lone surrogates, the empty key, a long one. */
const strangeKeys = fc.oneof(
  fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', 'a\u0000b', '\ud800', '\udc00key', '', 'k'.repeat(5_000), '$ref'),
  strangeStrings,
);

type Path = (string | number)[];

/** The paths of every value inside `value`, itself included (as []). */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || value instanceof RawJson) return [at];
  return [at, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]))];
}

/** A copy of an object with one more own property, even one named `__proto__`. */
function withKey(object: object, key: string | number, value: unknown): Record<string | number, unknown> {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(object)) as Record<string | number, unknown>;
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const removed = Symbol('removed');

/** A copy of `value` where the value at `path` becomes what `change` makes of it (`removed`: taken out). */
function updated(value: unknown, path: Path, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [key, ...rest] = path as [string | number, ...Path];
  const container = value as Record<string | number, unknown>;
  const child = updated(container[key], rest, change);
  if (Array.isArray(container))
    return child === removed ? container.filter((_, i) => i !== key) : container.map((v, i) => (i === key ? child : v));
  if (child !== removed) return withKey(container, key, child);
  const copy = withKey(container, key, undefined);
  delete copy[key];
  return copy;
}

const isPlainObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RawJson);

/** One change to an input, at the path of the given index (modulo the paths there are). */
type Mutation =
  { kind: 'replace'; at: number; by: unknown } | { kind: 'remove'; at: number } | { kind: 'add'; at: number; key: string; by: unknown };

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), by: replacements }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: strangeKeys, by: fc.oneof(wrongTypes, strangeStrings) }),
);

function mutate(value: unknown, mutation: Mutation): unknown {
  const paths = pathsOf(value);
  const path = paths[mutation.at % paths.length]!;
  switch (mutation.kind) {
    case 'replace':
      return updated(value, path, () => mutation.by);
    case 'remove':
      return path.length ? updated(value, path, () => removed) : value;
    case 'add': {
      // Only objects take a key: the one at the index among them.
      const objects = paths.filter((p) => isPlainObject(p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value)));
      if (!objects.length) return value;
      return updated(value, objects[mutation.at % objects.length]!, (object) => withKey(object as object, mutation.key, mutation.by));
    }
  }
}

/** A value of the schema, then one to three mutations, or none a third of the time: the valid input stays among the cases. */
export function fuzzedInput(schema: TSchema, known: KnownValues): fc.Arbitrary<unknown> {
  const changes = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 2, arbitrary: fc.array(mutations, { minLength: 1, maxLength: 3 }) },
  );
  return fc
    .tuple(validValue(schema, known), changes)
    .map(([value, changes]) => changes.reduce<unknown>((changed, mutation) => mutate(changed, mutation), value));
}

/** JSON text of a generated value: raw parts as written, every other key and string escaped by JSON.stringify. */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, child]) => `${JSON.stringify(key)}:${jsonText(child)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** True when the value holds nesting deeper than any input may be. */
export function isDeep(value: unknown): boolean {
  if (value instanceof RawJson) return value.deep;
  return value !== null && typeof value === 'object' && Object.values(value).some(isDeep);
}
