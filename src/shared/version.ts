import { readFileSync } from 'node:fs';

// Both src/shared and dist/shared sit two levels below package.json.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const ilotVersion: string = pkg.version;
