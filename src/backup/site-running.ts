import type { Config } from '../config/schema.js';

/** The address where the configured site would answer, or null when it listens on a port picked at start (0). */
export function configuredSiteUrl(config: Config): string | null {
  const { host, port } = config.listen;
  if (port === 0) return null;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Whether a site answers its liveness probe at `url`: any HTTP answer counts, a refused connection does not. */
export async function siteAnswers(url: string): Promise<boolean> {
  try {
    await fetch(new URL('/health/live', url), { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}
