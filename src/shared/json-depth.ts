/**
 * Whether a JSON text nests arrays and objects deeper than `max`, found in one pass over its
 * characters with a counter (no recursion), so that a text is refused before anything parses or
 * walks it. Brackets inside strings do not count (escapes honoured). Exact for valid JSON; what it
 * misjudges in invalid JSON, the parser refuses anyway.
 */
export function jsonTextTooDeep(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === backslash) i++;
      else if (c === quote) inString = false;
    } else if (c === quote) inString = true;
    else if (c === openBracket || c === openBrace) {
      if (++depth > max) return true;
    } else if (c === closeBracket || c === closeBrace) depth--;
  }
  return false;
}

const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;
