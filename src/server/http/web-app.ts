import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// The web app, built by Vite (web/), sent from `web.dir` on the API's origin. Every answer carries
// a strict Content-Security-Policy: a single injected script could read a member's keys, so only
// the site's own files may run, and they may talk only to the site. WebAssembly (Argon2id) may be
// compiled, which 'wasm-unsafe-eval' allows without allowing eval. Assets have content-hashed
// names and are immutable; the page itself is revalidated each time. Text files are sent as
// compressed at build time, never compressed on the fly.

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  // A PDF of a note, decrypted in the page, is shown in a frame of its object URL.
  'frame-src blob:',
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** The compressed copies the build writes, best first. */
const encodings = [
  { name: 'br', suffix: '.br', accepted: /\bbr\b/ },
  { name: 'gzip', suffix: '.gz', accepted: /\bgzip\b/ },
];

/** An asset's name as Vite writes it: no path, no dot-dot. */
const assetName = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;

/** Sends the app's page for a path of the app's router; null for anything else (an API path, a non-page request). */
export type WebPage = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null;

/** Installs the web app's assets and returns what sends its page; null (nothing installed) when `dir` holds no built app. */
export function installWebApp(http: FastifyInstance, dir: string): WebPage | null {
  const page = join(dir, 'index.html');
  if (!existsSync(page)) return null;

  const send = (request: FastifyRequest, reply: FastifyReply, file: string, cache: string) => {
    const accepted = String(request.headers['accept-encoding'] ?? '');
    const encoded = encodings.find((e) => e.accepted.test(accepted) && existsSync(`${file}${e.suffix}`));
    const path = encoded ? `${file}${encoded.suffix}` : file;
    reply
      .header('content-type', types[extname(file)] ?? 'application/octet-stream')
      .header('content-length', statSync(path).size)
      .header('cache-control', cache)
      .header('vary', 'accept-encoding')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', contentSecurityPolicy);
    if (encoded) reply.header('content-encoding', encoded.name);
    return reply.send(createReadStream(path));
  };

  http.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = join(dir, 'assets', request.params.name);
    if (!assetName.test(request.params.name) || !existsSync(file)) return reply.callNotFound();
    return send(request, reply, file, 'public, max-age=31536000, immutable');
  });

  // The service worker (offline mode) is looked up at each visit, so that a new build replaces it:
  // never cached. Its precache asks for the page by name, without text/html in its Accept.
  const serviceWorker = join(dir, 'sw.js');
  if (existsSync(serviceWorker)) http.get('/sw.js', async (request, reply) => send(request, reply, serviceWorker, 'no-cache'));
  http.get('/index.html', async (request, reply) => send(request, reply, page, 'no-cache'));

  // The app's own paths (the router's) get the page; the API's unknown paths stay JSON 404s.
  return (request, reply) =>
    request.method === 'GET' && !request.url.startsWith('/api/') && String(request.headers.accept ?? '').includes('text/html')
      ? send(request, reply, page, 'no-cache')
      : null;
}
