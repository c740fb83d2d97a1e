// 140 columns: the code was written with long lines (up to ~200); 140 keeps most statements on one line
// while fitting two editors side by side on a wide screen, and prettier rewraps only the longest.
/** @type {import('prettier').Config} */
export default {
  printWidth: 140,
  singleQuote: true,
  trailingComma: 'all',
};
