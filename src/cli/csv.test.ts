import { expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';

it('quotes only the fields that need it, doubling their quotes', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField(42)).toBe('42');
  expect(csvField(null)).toBe('');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvField('cr\ronly')).toBe('"cr\ronly"');
  expect(csvField('{"k":"v, w"}')).toBe('"{""k"":""v, w""}"');
});

it('writes the header, then one line per row', () => {
  expect(
    toCsv(
      ['a', 'b'],
      [
        ['1', 'x,y'],
        [null, '"'],
      ],
    ),
  ).toBe('a,b\r\n1,"x,y"\r\n,""""');
});
