import { Kind, type TSchema } from '@sinclair/typebox';
import { IlotError } from '../../shared/errors.js';
import { scopedIdKeyword, spaceOfId } from '../../shared/ids.js';
import type { Principal } from '../../domain/principal.js';

/** Paths to the scoped ids of an input: property names, with '*' for array items. */
export type IdPath = string[];

/** Finds, once per operation, where its input holds ids that belong to a space. */
export function scopedIdPaths(schema: TSchema, prefix: IdPath = []): IdPath[] {
  if (schema[scopedIdKeyword]) return [prefix];
  switch (schema[Kind]) {
    case 'Object':
      return Object.entries(schema.properties as Record<string, TSchema>).flatMap(([key, child]) => scopedIdPaths(child, [...prefix, key]));
    case 'Array':
      return scopedIdPaths(schema.items as TSchema, [...prefix, '*']);
    case 'Union':
      return (schema.anyOf as TSchema[]).flatMap((child) => scopedIdPaths(child, prefix));
    default:
      // A scoped id somewhere this walker does not go (Record, Intersect, Ref…) would go unchecked.
      if (JSON.stringify(schema).includes(scopedIdKeyword))
        throw new Error(`scoped ids inside a ${String(schema[Kind])} schema are not supported by the space guard`);
      return [];
  }
}

function* valuesAt(value: unknown, path: IdPath): Generator<unknown> {
  if (path.length === 0) {
    yield value;
    return;
  }
  const [head, ...rest] = path;
  if (head === '*' && Array.isArray(value)) for (const item of value) yield* valuesAt(item, rest);
  else if (value && typeof value === 'object' && head! in value) yield* valuesAt((value as Record<string, unknown>)[head!], rest);
}

/**
 * Tenant isolation in one place: a member session may only name ids of its own space. Operators
 * act on the site and are not limited here.
 */
export function guardSpace(principal: Principal, input: unknown, paths: IdPath[]): void {
  if (principal.kind !== 'member' || paths.length === 0) return;
  for (const path of paths) {
    for (const id of valuesAt(input, path)) {
      if (typeof id === 'string' && spaceOfId(id) !== principal.spaceId) {
        throw new IlotError('CROSS_SPACE', undefined, { field: path.join('.') });
      }
    }
  }
}
