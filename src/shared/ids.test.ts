import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describe, expect, it } from 'vitest';
import { ScopedId, idKinds, kindCodeOfId, newScopedId, scopedIdWithCode, spaceOfId } from './ids.js';

const valid = TypeCompiler.Compile(ScopedId());

describe('scoped ids', () => {
  it('keeps the 16-digit ids of the first kinds, with their one-digit codes; later kinds take 17 digits', () => {
    for (const kind of Object.keys(idKinds) as (keyof typeof idKinds)[]) {
      const id = newScopedId(42, kind);
      expect(id).toMatch(idKinds[kind].length === 1 ? /^\d{16}$/ : /^\d{17}$/);
      expect(valid.Check(id)).toBe(true);
      expect(spaceOfId(id)).toBe(42);
      expect(kindCodeOfId(id)).toBe(idKinds[kind]);
    }
    // An id made before the kinds were widened, as stored today.
    expect(valid.Check('1030000000000042')).toBe(true);
    expect(kindCodeOfId('1030000000000042')).toBe('3');
  });

  it('gives two-digit kind codes 17-digit ids that parse without knowing their length', () => {
    for (const code of ['90', '99', '00', '07']) {
      const id = scopedIdWithCode(17, code);
      expect(id).toMatch(/^\d{17}$/);
      expect(valid.Check(id)).toBe(true);
      expect(spaceOfId(id)).toBe(17);
      expect(kindCodeOfId(id)).toBe(code);
    }
  });

  it('refuses ids of the wrong length for their kind, of space numbers out of range, or with other characters', () => {
    for (const id of [
      '103000000000004',
      '10300000000000420',
      '1090000000000042',
      '109000000000004200',
      '0030000000000042',
      '9930000000000042',
      '10a0000000000042',
      ' 1030000000000042',
    ]) {
      expect(valid.Check(id), id).toBe(false);
    }
  });
});
