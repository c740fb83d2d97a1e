import { createConnection, createServer, type Server } from 'node:net';
import { pathToFileURL } from 'node:url';

// Joins two network namespaces that have loopback addresses only: a Unix socket lives in the file
// system, which both see, so a relay listening on 127.0.0.1 in one namespace passes each
// connection to a socket file, and a relay in the other namespace passes it on to 127.0.0.1 there.
// Run as a program (`<ends>…`) inside a namespace; imported, in the test's own namespace.

/** TCP (on 127.0.0.1 unless said), or a Unix socket file. */
export type End = { port: number; host?: string } | { path: string };

const address = (end: End) => ('port' in end ? { host: end.host ?? '127.0.0.1', port: end.port } : { path: end.path });

/** Listens on `from` and pipes each connection to `to`, both ways; resolves once listening. */
export function relay(from: End, to: End): Promise<Server> {
  const server = createServer((inbound) => {
    const outbound = createConnection(address(to));
    inbound.pipe(outbound).pipe(inbound);
    // Either side closing or failing closes the other: a node that restarts drops its clients.
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address(from), () => resolve(server));
  });
}

/** `tcp:<port>` or `unix:<path>`, as the program takes them. */
export const endArg = (end: End) => ('port' in end ? `tcp:${end.port}` : `unix:${end.path}`);
const parseEnd = (arg: string): End => (arg.startsWith('tcp:') ? { port: Number(arg.slice(4)) } : { path: arg.slice(5) });

// As a program: `<from>=<to> …`, one relay each; says `relaying` once all listen.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await Promise.all(
    process.argv.slice(2).map((pair) => {
      const [from, to] = pair.split('=') as [string, string];
      return relay(parseEnd(from), parseEnd(to));
    }),
  );
  console.log('relaying');
}
