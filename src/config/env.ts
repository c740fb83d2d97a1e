import { Kind, type TSchema, type TObject } from '@sinclair/typebox';

/** A leaf setting of the configuration: its dotted path, its ILOT_* variable and its schema. */
export interface Setting {
  path: string[];
  env: string;
  schema: TSchema;
}

const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Every leaf of an object schema, with the environment variable that overrides it. */
export function settingsOf(schema: TObject, prefix: string[] = []): Setting[] {
  return Object.entries(schema.properties).flatMap(([key, child]) => {
    const path = [...prefix, key];
    return child[Kind] === 'Object'
      ? settingsOf(child as TObject, path)
      : [{ path, env: `ILOT_${path.map(snake).join('_')}`, schema: child }];
  });
}

// Variables that name the configuration file or belong to tests, benchmarks or the fleet's agent, not settings.
const reserved = /^ILOT_(CONFIG|TEST_.+|BENCH_.+|AGENT_.+)$/;

export function isReservedVariable(name: string): boolean {
  return reserved.test(name);
}

/** Edits (insertion, deletion, change, or swap of two neighbours) that turn one name into the other. */
function editDistance(a: string, b: string): number {
  // Rows of the classic table: before[j] is the distance between a's previous prefix and b's first j characters.
  let older: number[] = [];
  let before = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(before[j]! + 1, row[j - 1]! + 1, before[j - 1]! + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, older[j - 2]! + 1);
      row.push(best);
    }
    older = before;
    before = row;
  }
  return before[b.length]!;
}

/** The known name a mistyped one most likely meant (a few letters off), or undefined when none is close. */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toUpperCase(), candidate.toUpperCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Turns an environment string into the JSON type its schema expects; leaves it as is otherwise, so that validation names the bad value. */
export function coerce(raw: string, schema: TSchema): unknown {
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number':
      return /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    case 'Array':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    case 'Boolean':
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      return raw;
    default:
      return raw;
  }
}

/** A sentence describing what a setting accepts, for error messages and the reference table. */
export function describeExpected(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number': {
      const noun = schema[Kind] === 'Integer' ? 'an integer' : 'a number';
      if (schema.minimum !== undefined && schema.maximum !== undefined) return `${noun} from ${schema.minimum} to ${schema.maximum}`;
      if (schema.minimum !== undefined) return `${noun} ≥ ${schema.minimum}`;
      return noun;
    }
    case 'Boolean':
      return 'true or false';
    case 'Union':
      return `one of ${(schema.anyOf as TSchema[]).map((s) => String(s.const)).join(', ')}`;
    case 'Array':
      return String(schema.description);
    case 'String':
      if (schema.pattern) return String(schema.description);
      return schema.maxLength ? `a text of ${schema.minLength ?? 0} to ${schema.maxLength} characters` : 'a non-empty text';
    default:
      return String(schema.description ?? 'a valid value');
  }
}
