import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operations } from '../../src/server/operations/index.js';
import { downloadFile } from '../../src/server/operations/files/download.js';
import { uploadFile } from '../../src/server/operations/files/upload.js';
import { inputCheck } from '../../src/server/pipeline/validate.js';
import { fuzzedInput, jsonText, RawJson, validValue } from './inputs.js';

const known = { scopedIds: ['1030000000000001'], orgCodes: ['abcd'] };

// The fuzz reaches the operations only if its unmutated inputs pass their validation.
describe('fuzzed inputs', () => {
  it.each([...operations, uploadFile, downloadFile].map((operation) => [operation.name, operation] as const))(
    'start from values that %s accepts',
    (_name, operation) => {
      const check = inputCheck(operation.input);
      for (const value of fc.sample(validValue(operation.input, known), { numRuns: 30, seed: 1 })) expect(() => check(value)).not.toThrow();
    },
  );

  it('are written as JSON with their raw parts as they are, and keys named __proto__ kept', () => {
    const value = Object.defineProperty({ n: new RawJson('9223372036854775808') }, '__proto__', { value: 1, enumerable: true });
    expect(jsonText(value)).toBe('{"n":9223372036854775808,"__proto__":1}');
  });

  it('are mutated most of the time', () => {
    const operation = operations.find((candidate) => candidate.name === 'sync.pull')!;
    const check = inputCheck(operation.input);
    const refused = fc.sample(fuzzedInput(operation.input, known), { numRuns: 200, seed: 1 }).filter((value) => {
      try {
        check(JSON.parse(jsonText(value)));
        return false;
      } catch {
        return true;
      }
    });
    expect(refused.length).toBeGreaterThan(100);
    expect(refused.length).toBeLessThan(200);
  });
});
