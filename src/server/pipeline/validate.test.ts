import { describe, expect, it } from 'vitest';
import { inputFlaw } from './validate.js';

/** `levels` arrays nested around `inner`, built without recursion. */
function arrays(levels: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('inputFlaw', () => {
  it('accepts 64 levels of arrays and objects, and refuses 65', () => {
    expect(inputFlaw({ a: arrays(63) })).toBeNull();
    expect(inputFlaw({ a: arrays(64) })).toBe('tooDeep');
    expect(inputFlaw(arrays(63, { b: 'x' }))).toBeNull();
    expect(inputFlaw(arrays(64, { b: 'x' }))).toBe('tooDeep');
    expect(inputFlaw('text')).toBeNull();
  });

  it('walks a million levels without recursion, and stops at the limit', () => {
    expect(inputFlaw(arrays(1_000_000))).toBe('tooDeep');
  });

  it('finds NUL characters and lone surrogates in texts and keys, but not surrogate pairs', () => {
    expect(inputFlaw({ a: ['x', 'y\0'] })).toBe('nul');
    expect(inputFlaw({ 'k\0': 1 })).toBe('nul');
    expect(inputFlaw({ a: 'x\ud800' })).toBe('loneSurrogate');
    expect(inputFlaw({ a: '\udc00x' })).toBe('loneSurrogate');
    expect(inputFlaw({ '\udfff\ud800': 1 })).toBe('loneSurrogate');
    expect(inputFlaw({ a: '😀 é \u2028' })).toBeNull();
  });

  it('reports nesting past the limit before a text flaw found earlier', () => {
    expect(inputFlaw({ a: 'x\0', b: arrays(100) })).toBe('tooDeep');
    expect(inputFlaw({ b: arrays(100), a: 'x\0' })).toBe('tooDeep');
  });
});
