// Files, on SQLite and PostgreSQL: a 20 MB and a 200 MB file uploaded and downloaded through the SDK (encrypted
// and decrypted in the bench process, streamed both ways), with the server's resident memory
// sampled throughout. Baselines in the same run: the server's idle memory, and the machine
// writing and reading the same 200 MB to and from disk without Ilot.
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { IlotClient, MemoryStore, attachFile, catchUp, createNote, downloadFile } from '../src/client/index.js';
import { benchOperatorPhrase, machine, onEachEngine, rssMb, startBenchServerWithOperator } from './support.js';

const megabyte = 1024 * 1024;
const fileMb = 200;

/** Megabytes made 1 MB at a time, each block a little different. */
async function* content(mb = fileMb): AsyncGenerator<Uint8Array> {
  const block = new Uint8Array(megabyte).map((_, i) => (i * 2654435761) >>> 24);
  for (let n = 0; n < mb; n++) {
    block[n] = n & 0xff;
    yield block;
  }
}

/** Runs `work`, sampling a process's resident memory every 20 ms; the seconds it took and the peak. */
async function sampled(pid: number, work: () => Promise<void>): Promise<{ seconds: number; peakRssMb: number }> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(Math.max(peak, rssMb(pid))) };
}

const rate = (seconds: number, mb = fileMb) => Math.round(mb / seconds);

async function diskBaseline(dir: string) {
  const path = join(dir, 'baseline.bin');
  const started = performance.now();
  await pipeline(content(), createWriteStream(path));
  const wrote = (performance.now() - started) / 1000;
  const reading = performance.now();
  for await (const chunk of createReadStream(path)) void chunk;
  const read = (performance.now() - reading) / 1000;
  rmSync(path);
  return { writeMbPerSecond: rate(wrote), readMbPerSecond: rate(read) };
}

async function runOn(engine: 'sqlite' | 'postgres', databaseUrl: string | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'ilot-bench-'));
  const { server } = await startBenchServerWithOperator(dir, databaseUrl);
  try {
    const url = server.urls.ilot;
    const operator = new IlotClient(url);
    await operator.signInOperator(benchOperatorPhrase);
    await operator.openSpace(
      'files',
      { documents: 1000, volumeBytes: 1e12, monthlyCents: 100, maxAccounts: 10 },
      'sponsoring the files bench treasurer',
    );
    await new IlotClient(url).createTreasurer('files', 'sponsoring the files bench treasurer', 'files bench treasurer passphrase');
    const client = new IlotClient(url);
    await client.signIn('files', 'files bench treasurer passphrase');
    const note = await createNote(client, client.member.avatars[0]!.id, { text: 'bench', hashtags: [] });
    // Warm-up: a first small file, so that the idle figure includes the code the transfer uses.
    await attachFile(client, note.id, {
      name: 'warm-up',
      type: 'application/octet-stream',
      size: megabyte,
      content: [new Uint8Array(megabyte)],
    });
    const pid = server.child.pid!;
    const idleRssMb = Math.round(rssMb(pid));

    // The same transfer for a file ten times smaller: flat means the growth does not follow the size.
    const transfer = async (mb: number) => {
      const upload = await sampled(pid, async () => {
        await attachFile(client, note.id, { name: `film-${mb}.mp4`, type: 'video/mp4', size: mb * megabyte, content: content(mb) });
      });
      const store = new MemoryStore();
      await catchUp(client, store);
      const file = (await store.files()).find((f) => f.size > mb * megabyte && f.size < (mb + 1) * megabyte)!;
      const download = await sampled(pid, async () => {
        for await (const part of downloadFile(client, file)) void part;
      });
      return {
        upload: { mbPerSecond: rate(upload.seconds, mb), peakRssMb: upload.peakRssMb, growthMb: upload.peakRssMb - idleRssMb },
        download: { mbPerSecond: rate(download.seconds, mb), peakRssMb: download.peakRssMb, growthMb: download.peakRssMb - idleRssMb },
      };
    };
    const small = await transfer(fileMb / 10);
    const large = await transfer(fileMb);
    return {
      engine,
      baseline: { idleRssMb, disk: await diskBaseline(dir) },
      [`file${fileMb / 10}Mb`]: small,
      [`file${fileMb}Mb`]: large,
      goal: 'server memory flat while 200 MB go through (growth independent of the file size)',
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFiles() {
  return {
    benchmark: 'files',
    machine: machine(),
    measure: `a ${fileMb} MB file through the SDK (client-side encryption included), server RSS sampled every 20 ms`,
    results: await onEachEngine(runOn),
  };
}
