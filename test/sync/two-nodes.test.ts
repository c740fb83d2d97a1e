import { WebSocket } from 'ws';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IlotClient } from '../../src/client/client.js';
import { LiveSync } from '../../src/client/live.js';
import { MemoryStore } from '../../src/client/local-store.js';
import { createNote, readNotes } from '../../src/client/notes.js';
import { serve } from '../support/cli.js';
import { waitFor } from '../support/wait.js';
import { describePostgres, tempDir } from '../support/engines.js';
import { operatorPhrases } from '../support/operators.js';

// Several nodes share one site only on PostgreSQL (SQLite is for one node).
describePostgres('two nodes', (engine) => {
  it('tells a session on one node of a write made on the other', { timeout: 60_000 }, async () => {
    const url = await engine.freshUrl();
    const files = join(tempDir(), 'files');
    const [a, b] = [await serve(url, files), await serve(url, files)];
    try {
      const operator = new IlotClient(a.url);
      await operator.signInOperator(operatorPhrases.alice);
      await operator.openSpace(
        'nodes',
        { documents: 100, volumeBytes: 1e6, monthlyCents: 1, maxAccounts: 2 },
        'sponsoring the treasurer of nodes',
      );
      await new IlotClient(a.url).createTreasurer('nodes', 'sponsoring the treasurer of nodes', 'the treasurer of two nodes');
      const writer = new IlotClient(a.url);
      await writer.signIn('nodes', 'the treasurer of two nodes');
      const reader = new IlotClient(b.url);
      await reader.signIn('nodes', 'the treasurer of two nodes');
      const store = new MemoryStore();
      const heard: string[][] = [];
      const live = new LiveSync(reader, store, { WebSocket: WebSocket as never, onChange: (s) => heard.push(s) });
      await live.start();
      try {
        await createNote(writer, writer.member.avatars[0]!.id, { text: 'written on node A', hashtags: [] });
        // Told by the channel, not found by the catch-up that follows its opening (which may come after the write).
        await waitFor(() => heard.flat().includes(writer.member.avatars[0]!.id), { what: 'node B telling of the write on node A' });
        expect(await readNotes(reader, store)).toHaveLength(1);
      } finally {
        live.stop();
      }
    } finally {
      for (const node of [a, b]) node.run.child.kill('SIGTERM');
      await Promise.all([a.run, b.run]);
    }
  });
});
