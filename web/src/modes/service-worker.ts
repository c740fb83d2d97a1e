/**
 * Registers the service worker that keeps the app for offline mode (built by vite-plugin-pwa, see
 * web/vite.config.ts). A development server has none.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // A browser that refuses it (private window, disabled storage) still runs the app online.
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
