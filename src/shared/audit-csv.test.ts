import { expect, it } from 'vitest';
import { csvCell } from './audit-csv.js';

const exact = { defuseFormulas: false };

it('quotes only the cells that need it, doubling their quotes', () => {
  expect(csvCell('plain', exact)).toBe('plain');
  expect(csvCell(42, exact)).toBe('42');
  expect(csvCell(null, exact)).toBe('');
  expect(csvCell('a,b', exact)).toBe('"a,b"');
  expect(csvCell('say "hi"', exact)).toBe('"say ""hi"""');
  expect(csvCell('two\nlines', exact)).toBe('"two\nlines"');
  expect(csvCell('cr\ronly', exact)).toBe('"cr\ronly"');
  expect(csvCell('{"k":"v, w"}', exact)).toBe('"{""k"":""v, w""}"');
});

it('keeps formulas exact for programs, and defuses them for spreadsheets', () => {
  expect(csvCell('=SUM(A1)', exact)).toBe('=SUM(A1)');
  expect(csvCell('=SUM(A1)', { defuseFormulas: true })).toBe(`'=SUM(A1)`);
  expect(csvCell('-2+3', { defuseFormulas: true })).toBe(`'-2+3`);
  expect(csvCell('plain', { defuseFormulas: true })).toBe('plain');
});
