// A generated sponsorship phrase: syllables a person can read out and type, drawn with the
// browser's cryptographic generator. 18 syllables of 75 give over 110 bits.

const consonants = 'bdfgjklmnprstvz';
const vowels = 'aeiou';

/** A uniform draw below `n` (n ≤ 256), without the bias of a plain modulo. */
function draw(n: number): number {
  const limit = 256 - (256 % n);
  const byte = new Uint8Array(1);
  do crypto.getRandomValues(byte);
  while (byte[0]! >= limit);
  return byte[0]! % n;
}

export function generatePhrase(): string {
  const word = () => Array.from({ length: 3 }, () => consonants[draw(consonants.length)]! + vowels[draw(vowels.length)]!).join('');
  return Array.from({ length: 6 }, word).join(' ');
}
