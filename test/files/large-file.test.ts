import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { attachFile, downloadFile } from '../../src/client/files.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { catchUp, createNote } from '../../src/client/notes.js';
import { serve } from '../support/cli.js';
import { describeEngines, tempDir } from '../support/engines.js';
import { operatorPhrases } from '../support/operators.js';

const megabyte = 1024 * 1024;
const fileSize = 200 * megabyte;

/** 200 MB that are not all alike, made 1 MB at a time, with their digest. */
function largeContent(digest: ReturnType<typeof createHash>): AsyncIterable<Uint8Array> {
  return (async function* () {
    const block = new Uint8Array(megabyte);
    for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
    for (let n = 0; n < fileSize / megabyte; n++) {
      block[n % block.length] = n & 0xff;
      digest.update(block);
      yield block;
    }
  })();
}

/** The server's resident memory, sampled every 20 ms while `work` runs: the highest value seen. */
async function peakResidentMb(pid: number, work: () => Promise<void>): Promise<number> {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  let peak = rss();
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, rss());
}

describeEngines('a 200 MB file', (engine) => {
  it('uploads and downloads with the server’s memory staying flat, byte for byte', { timeout: 180_000 }, async () => {
    const server = await serve(await engine.freshUrl(), join(tempDir(), 'files'));
    const operator = new IlotClient(server.url);
    await operator.signInOperator(operatorPhrases.alice);
    await operator.openSpace(
      'large',
      { documents: 1000, volumeBytes: 1e12, monthlyCents: 100, maxAccounts: 10 },
      'sponsoring the space of large files',
    );
    await new IlotClient(server.url).createTreasurer(
      'large',
      'sponsoring the space of large files',
      'treasurer of the space of large files',
    );
    const client = new IlotClient(server.url);
    await client.signIn('large', 'treasurer of the space of large files');
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'Film', hashtags: [] });

    // Warm up on a small file, so that what is measured is the large one's cost.
    await attachFile(client, note.id, {
      name: 'small.bin',
      type: 'application/octet-stream',
      size: megabyte,
      content: [new Uint8Array(megabyte)],
    });
    const pid = server.run.child.pid!;
    const before = await peakResidentMb(pid, async () => undefined);

    const sent = createHash('sha256');
    const duringUpload = await peakResidentMb(pid, async () => {
      await attachFile(client, note.id, { name: 'film.mp4', type: 'video/mp4', size: fileSize, content: largeContent(sent) });
    });
    const store = new MemoryStore();
    await catchUp(client, store);
    const file = (await store.files()).find((f) => f.size > fileSize)!;
    const received = createHash('sha256');
    let length = 0;
    const duringDownload = await peakResidentMb(pid, async () => {
      for await (const part of downloadFile(client, file)) {
        received.update(part);
        length += part.length;
      }
    });

    expect(length).toBe(fileSize);
    expect(received.digest('hex')).toBe(sent.digest('hex'));
    // Flat: a few buffers in flight, nothing in proportion to the file (200 MB).
    expect(duringUpload - before).toBeLessThan(60);
    expect(duringDownload - before).toBeLessThan(60);
  });
});
