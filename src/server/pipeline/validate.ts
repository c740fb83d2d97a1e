import { Ajv } from 'ajv';
import type { Static, TObject } from '@sinclair/typebox';
import { IlotError } from '../../shared/errors.js';
import { scopedIdKeyword } from '../../shared/ids.js';

// One compiler for the process, as strict as Fastify's was: no coercion, every issue reported. Ajv
// rather than TypeBox's compiled checker, which builds patterns without the `u` flag (`\p{Cc}` in
// avatar names would refuse "pablo") and counts string lengths in UTF-16 units. No defaults: the
// operations apply their own, and an in-process caller's input is never changed.
const ajv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false, keywords: [scopedIdKeyword] });

/** A validation issue as JSON Schema validators report it (Ajv, Fastify). */
export interface InputIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function describeIssue(issue: InputIssue): { path: string; problem: string } {
  switch (issue.keyword) {
    case 'additionalProperties':
      return { path: `${issue.instancePath}/${String(issue.params.additionalProperty)}`, problem: 'unknown field' };
    case 'required':
      return { path: `${issue.instancePath}/${String(issue.params.missingProperty)}`, problem: 'missing field' };
    default:
      return { path: issue.instancePath || '/', problem: issue.message ?? issue.keyword };
  }
}

/** VALIDATION_FAILED with the path and problem of each issue, the first one in the message. */
export function invalidInput(issues: InputIssue[]): IlotError {
  const described = issues.map(describeIssue);
  const first = described[0] ?? { path: '/', problem: 'invalid' };
  return new IlotError('VALIDATION_FAILED', `Invalid input at ${first.path}: ${first.problem}.`, { issues: described });
}

/** True when a string or a key anywhere in a JSON value holds a NUL character. Iterative: no input can exhaust the stack. */
export function hasNul(value: unknown): boolean {
  const pending = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) {
        if (key.includes('\0')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

/** Throws for an input its operation refuses; returns an accepted one, typed as the object it is. */
export type InputCheck = (input: unknown) => Static<TObject>;

/**
 * The validation stage of an operation, compiled once: its input schema (unknown fields refused),
 * then no NUL character in any text (PostgreSQL cannot store them, and no legitimate input has one).
 */
export function inputCheck(schema: TObject): InputCheck {
  const validate = ajv.compile<Static<TObject>>(schema);
  return (input) => {
    if (!validate(input)) throw invalidInput(validate.errors ?? []);
    if (hasNul(input)) throw new IlotError('VALIDATION_FAILED', 'Text may not contain NUL characters.');
    return input;
  };
}
