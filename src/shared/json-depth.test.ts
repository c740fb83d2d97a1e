import { describe, expect, it } from 'vitest';
import { jsonTextTooDeep } from './json-depth.js';

describe('jsonTextTooDeep', () => {
  it('counts arrays and objects, not brackets inside strings or escaped quotes', () => {
    expect(jsonTextTooDeep('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonTextTooDeep('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonTextTooDeep('{"a":"[[[[\\"{{{{"}', 1)).toBe(false);
    expect(jsonTextTooDeep('["\\\\",[[]]]', 2)).toBe(true);
    expect(jsonTextTooDeep('"no nesting"', 0)).toBe(false);
  });

  it('scans a million levels without recursion', () => {
    expect(jsonTextTooDeep('['.repeat(1_000_000) + ']'.repeat(1_000_000), 64)).toBe(true);
    expect(jsonTextTooDeep('[]'.repeat(1_000_000), 1)).toBe(false);
  });
});
