import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArchiveReader, ArchiveWriter, magic } from './format.js';

/** An archive written in memory. */
async function written(build: (w: ArchiveWriter) => Promise<void>): Promise<Buffer> {
  const parts: Buffer[] = [];
  const writer = new ArchiveWriter({
    write: async (chunks) => void parts.push(...chunks),
    end: async () => undefined,
  });
  await writer.start();
  await build(writer);
  await writer.end();
  return Buffer.concat(parts);
}

/** Reads every record back, in chunks of `chunk` bytes (records straddle chunks). */
async function readBack(bytes: Buffer, chunk = 7) {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  const reader = new ArchiveReader(Readable.from(pieces));
  await reader.start();
  const out: { kind: string; body: string; offset: number }[] = [];
  for (let head = await reader.head(); head; head = await reader.head()) {
    const offset = reader.offset;
    out.push({ kind: head.kind, body: (await reader.bodyBuffer(head)).toString(), offset });
  }
  await reader.end();
  return out;
}

describe('the space archive format', () => {
  it('reads back what was written, in memory and streamed, wherever the chunks are cut; offsets point at bodies', async () => {
    const bytes = await written(async (w) => {
      await w.record({ kind: 'header' }, Buffer.from('{"a":1}'));
      await w.record({ kind: 'rows', table: 'notes', rows: 2 }, Buffer.from('{"id":"1"}\n{"id":"2"}\n'));
      await w.streamed({ kind: 'file', name: 'avatars/x/y' }, 5, Readable.from([Buffer.from('ab'), Buffer.from('cde')]));
      await w.record({ kind: 'manifest' }, Buffer.from('{}'));
    });
    expect(bytes.subarray(0, magic.length).toString()).toBe(magic);
    for (const chunk of [1, 7, 64, 100_000]) {
      const records = await readBack(bytes, chunk);
      expect(records.map((r) => [r.kind, r.body])).toEqual([
        ['header', '{"a":1}'],
        ['rows', '{"id":"1"}\n{"id":"2"}\n'],
        ['file', 'abcde'],
        ['manifest', '{}'],
      ]);
      for (const r of records) expect(bytes.subarray(r.offset, r.offset + r.body.length).toString()).toBe(r.body);
    }
  });

  it('refuses a streamed body that is not of the announced size', async () => {
    await expect(written((w) => w.streamed({ kind: 'file', name: 'a' }, 4, Readable.from([Buffer.from('abcde')])))).rejects.toThrow(
      /changed size/,
    );
    await expect(written((w) => w.streamed({ kind: 'file', name: 'a' }, 6, Readable.from([Buffer.from('abcde')])))).rejects.toThrow(
      /changed size/,
    );
  });

  it('refuses what is not an archive, and heads that are not its own', async () => {
    const refused = async (text: string | Buffer) => {
      await expect(readBack(Buffer.from(text))).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT' });
    };
    await refused('');
    await refused('PK\u0003\u0004 a zip file');
    await refused(`${magic}not json\n`);
    await refused(`${magic}{"kind":"rows","table":"notes","rows":1,"bytes":-1}\n`);
    await refused(`${magic}{"kind":"rows","table":"notes","bytes":1}\n`);
    await refused(`${magic}{"kind":"header","bytes":1e12}\n`);
    await refused(`${magic}{"kind":"other","bytes":1}\n`);
    await refused(`${magic}[1]\n`);
    // A head without end, far longer than any head.
    await refused(magic + 'x'.repeat(100_000));
    // A body shorter than announced, then a wrong checksum.
    await refused(`${magic}{"kind":"header","bytes":10}\nabc`);
    await refused(`${magic}{"kind":"header","bytes":3}\nabc${'0'.repeat(64)}\n`);
  });
});
