import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../test/support/engines.js';
import { copyAndHash, hashFile } from './hash.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

it('hashes files on its threads, many at once, each with its own result', async () => {
  const dir = tempDir();
  const contents = Array.from({ length: 24 }, (_, i) => randomBytes(i * 97_000));
  contents.forEach((content, i) => writeFileSync(join(dir, `f${i}`), content));
  const results = await Promise.all(contents.map((_, i) => hashFile(join(dir, `f${i}`))));
  expect(results).toEqual(contents.map((c) => ({ sha256: sha256(c), bytes: c.length })));
});

it('copies, then hashes the copy', async () => {
  const dir = tempDir();
  const content = randomBytes(3 * 1024 * 1024 + 5);
  writeFileSync(join(dir, 'source'), content);
  expect(await copyAndHash(join(dir, 'source'), join(dir, 'copy'))).toEqual({ sha256: sha256(content), bytes: content.length });
  expect(readFileSync(join(dir, 'copy')).equals(content)).toBe(true);
});

it('reports the system error of a missing file or an existing copy, with its code, and keeps working', async () => {
  const dir = tempDir();
  await expect(hashFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT', path: join(dir, 'missing') });
  writeFileSync(join(dir, 'a'), 'a');
  writeFileSync(join(dir, 'b'), 'b');
  await expect(copyAndHash(join(dir, 'a'), join(dir, 'b'))).rejects.toMatchObject({ code: 'EEXIST' });
  expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('b');
  expect(await hashFile(join(dir, 'a'))).toEqual({ sha256: sha256(Buffer.from('a')), bytes: 1 });
});
