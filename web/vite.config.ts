import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The web app is built into dist/web, which the server sends at `/`: file names carry a hash of
// their content (sent as immutable), and each text asset is also written compressed (.br, .gz),
// so that the server never compresses on the fly.

const compressible = /\.(js|css|html|svg|json|webmanifest|wasm)$/;

function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'ilot-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
      for (const file of walk(outDir).filter((f) => compressible.test(f))) {
        const content = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

/**
 * A Workbox service worker (sw.js) that keeps the built app, so that offline mode opens with no
 * network at all: every page path gets index.html, assets come from the cache. The API is never
 * cached: members' data lives only in the account's IndexedDB database, as ciphertext.
 * Registered by web/src/modes/service-worker.ts (a bundled module: no inline script).
 */
function offlineShell() {
  return VitePWA({
    strategies: 'generateSW',
    injectRegister: false,
    manifest: false,
    // Written before the precompression runs, so that sw.js is compressed too.
    integration: { closeBundleOrder: 'pre' },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,svg,png,woff2}'],
      navigateFallback: '/index.html',
      navigateFallbackDenylist: [/^\/api\//],
      runtimeCaching: [],
      // One file: the server sends sw.js uncached, and nothing else at the root.
      inlineWorkboxRuntime: true,
      cleanupOutdatedCaches: true,
      // A new build takes over at once; open pages keep their code until reloaded.
      skipWaiting: true,
      clientsClaim: true,
    },
  });
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), offlineShell(), precompress()],
  worker: { format: 'es' },
  build: {
    outDir: join(import.meta.dirname, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // No inline script or style may reach the page: the Content-Security-Policy forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // React and its router change less often than the app: a chunk of their own stays cached
        // across the app's releases (and keeps each chunk under Vite's 500 kB warning).
        manualChunks: (id) => (/node_modules\/(react|react-dom|react-router|scheduler)\//.test(id) ? 'react' : undefined),
      },
    },
  },
});
