import { describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { maxInputInteger } from '../integers.js';
import { contracts } from './index.js';

/** The keywords under which a JSON schema holds other schemas. */
const childKeywords = ['items', 'anyOf', 'allOf', 'oneOf', 'not', 'additionalProperties'] as const;

/**
 * What is wrong in one input schema: a number without both bounds, a bound past 2^53 - 1, or a
 * place that accepts any value (a number could hide there unbounded).
 */
function unboundedPlaces(schema: TSchema, path: string): string[] {
  const problems: string[] = [];
  const types = [schema.type ?? []].flat() as string[];
  // A literal is its own bound.
  if ((types.includes('integer') || types.includes('number')) && !('const' in schema)) {
    const low = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined;
    const high = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
    if (low === undefined || high === undefined) problems.push(`${path}: a number without a minimum and a maximum`);
    else if (Math.abs(low) > maxInputInteger || Math.abs(high) > maxInputInteger) problems.push(`${path}: a bound past 2^53 - 1`);
    if (types.includes('number')) problems.push(`${path}: a number that is not an integer`);
  }
  const constrained =
    types.length > 0 || 'const' in schema || 'enum' in schema || 'anyOf' in schema || 'allOf' in schema || 'oneOf' in schema;
  if (!constrained) problems.push(`${path}: any value is accepted`);
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>))
    problems.push(...unboundedPlaces(child, `${path}/${name}`));
  for (const keyword of childKeywords) {
    for (const [index, child] of [schema[keyword] ?? []].flat().entries()) {
      if (typeof child === 'object') problems.push(...unboundedPlaces(child as TSchema, `${path}/${keyword}/${index}`));
    }
  }
  return problems;
}

// Without both bounds, a huge number is stored as a float by SQLite and refused by PostgreSQL:
// every integer of every input is bounded (src/shared/integers.ts) so that both engines answer alike.
describe('input schemas', () => {
  it('bound every number they accept, within 2^53 - 1, and accept no value unchecked', () => {
    expect(contracts.length).toBeGreaterThan(50);
    expect(contracts.flatMap((contract) => unboundedPlaces(contract.input, contract.name))).toEqual([]);
  });

  it('are checked by this walk: an unbounded integer anywhere is found', () => {
    const schema = {
      type: 'object',
      properties: { list: { type: 'array', items: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] } }, any: {} },
    } as unknown as TSchema;
    expect(unboundedPlaces(schema, 'x')).toEqual([
      'x/list/items/0/anyOf/0: a number without a minimum and a maximum',
      'x/any: any value is accepted',
    ]);
  });
});
