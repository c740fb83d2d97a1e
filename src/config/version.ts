import { readFileSync } from 'node:fs';

// Read on the Node side only (src/shared runs in browsers too). Both src/config and dist/config sit two levels
// below package.json, so the same path works for tests, `npm start` and the built package.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const ilotVersion: string = pkg.version;
