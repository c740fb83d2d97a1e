import { Ajv } from 'ajv';
import type { Static, TObject } from '@sinclair/typebox';
import { IlotError } from '../../shared/errors.js';
import { scopedIdKeyword } from '../../shared/ids.js';
import { maxInputDepth } from '../../shared/limits.js';

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

/** What the walk over an input found wrong: nesting past `maxInputDepth`, or a text neither engine stores as sent. */
type InputFlaw = 'tooDeep' | 'nul' | 'loneSurrogate';

/**
 * One walk over every string, key and container of an input, iterative (an explicit stack), that
 * stops at once past `maxInputDepth`: no input can exhaust the stack, nor make the walk go far. It
 * also finds texts with a NUL character (PostgreSQL cannot store them) or a lone surrogate (the
 * engines store them differently), which no legitimate input has. Nesting beyond the limit wins
 * over a text flaw, found earlier or not.
 */
export function inputFlaw(value: unknown, maxDepth = maxInputDepth): InputFlaw | null {
  let flaw: InputFlaw | null = null;
  const textFlaw = (text: string) => {
    flaw ??= text.includes('\0') ? 'nul' : text.isWellFormed() ? null : 'loneSurrogate';
  };
  // Parallel stacks of values and their depths: no pair allocated per value.
  const values = [value];
  const depths = [0];
  while (values.length) {
    const next = values.pop();
    const depth = depths.pop()!;
    if (typeof next === 'string') textFlaw(next);
    else if (next !== null && typeof next === 'object') {
      if (depth >= maxDepth) return 'tooDeep';
      if (Array.isArray(next)) {
        for (const item of next) {
          values.push(item);
          depths.push(depth + 1);
        }
      } else {
        for (const key in next) {
          if (!Object.hasOwn(next, key)) continue;
          textFlaw(key);
          values.push((next as Record<string, unknown>)[key]);
          depths.push(depth + 1);
        }
      }
    }
  }
  return flaw;
}

const flawMessages = {
  nul: 'Text may not contain NUL characters.',
  loneSurrogate: 'Text may not contain lone surrogates (invalid UTF-16).',
};

/** Throws for an input its operation refuses; returns an accepted one, typed as the object it is. */
export type InputCheck = (input: unknown) => Static<TObject>;

/**
 * The validation stage of an operation, compiled once: nesting within `maxInputDepth` (before the
 * schema's validator walks anything), its input schema (unknown fields refused), then no NUL
 * character nor lone surrogate in any text.
 */
export function inputCheck(schema: TObject): InputCheck {
  const validate = ajv.compile<Static<TObject>>(schema);
  return (input) => {
    const flaw = inputFlaw(input);
    if (flaw === 'tooDeep') throw new IlotError('INPUT_TOO_DEEP');
    if (!validate(input)) throw invalidInput(validate.errors ?? []);
    if (flaw) throw new IlotError('VALIDATION_FAILED', flawMessages[flaw]);
    return input;
  };
}
