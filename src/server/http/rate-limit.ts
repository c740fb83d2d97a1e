import type { FastifyInstance } from 'fastify';
import { IlotError } from '../../shared/errors.js';
import { addressGroup } from '../../domain/addresses.js';
import { clientAddress } from './client-address.js';

const windowMs = 60_000;
// Beyond this many address groups in one window (a spread attack), newcomers share one larger allowance.
const maxTrackedAddresses = 100_000;
const overflowFactor = 100;

/**
 * Requests per minute per client address (IPv6: per /64), in fixed one-minute windows; routes with
 * `config: { rateLimit: false }` (health, metrics) are not counted. A map and a counter per
 * address: a generic plugin cost a tenth of the throughput of small requests.
 */
export function installRateLimit(app: FastifyInstance, perMinute: number): void {
  let counts = new Map<string, number>();
  let windowStart = Date.now();
  const timer = setInterval(() => {
    counts = new Map();
    windowStart = Date.now();
  }, windowMs).unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer);
    done();
  });

  app.addHook('onRequest', (request, _reply, done) => {
    if ((request.routeOptions.config as { rateLimit?: boolean }).rateLimit === false) return done();
    const group = addressGroup(clientAddress(request));
    const key = counts.has(group) || counts.size < maxTrackedAddresses ? group : 'overflow';
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count <= (key === 'overflow' ? perMinute * overflowFactor : perMinute)) return done();
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + windowMs - Date.now()) / 1000));
    done(new IlotError('RATE_LIMITED', undefined, { retryAfterSeconds }));
  });
}
