import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { barLine, formatBytes, progressOn } from './progress.js';

describe('the progress bar', () => {
  it('shows the bytes done, the rate and the time left', () => {
    expect(barLine('files', 50_000_000, 100_000_000, 2000, 10)).toBe(
      'files      [#####.....]  50%  50.0 MB / 100.0 MB  25.0 MB/s  00:02 left',
    );
    expect(barLine('rows', 0, 0, 0, 4)).toBe('rows       [....]   0%  0 B / 0 B  0 B/s  --:-- left');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
  });

  it('draws on a terminal only, and clears its line at the end', () => {
    const drawn = (isTTY: boolean) => {
      let text = '';
      const stream = Object.assign(
        new Writable({
          write(chunk: Buffer, _e, done) {
            text += chunk.toString();
            done();
          },
        }),
        { isTTY, columns: 120 },
      ) as unknown as NodeJS.WriteStream;
      let now = 0;
      const progress = progressOn(stream, () => (now += 1000));
      progress.update('files', 10, 100);
      progress.update('files', 100, 100);
      progress.finish();
      return text;
    };
    expect(drawn(false)).toBe('');
    const tty = drawn(true);
    expect(tty).toMatch(/\rfiles {6}\[#+\.+\] +10%/);
    expect(tty.endsWith('\r\u001b[K')).toBe(true);
    expect(tty).toMatch(/100%/);
  });
});
