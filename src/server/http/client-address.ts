import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * The client's address for rate limits, throttles and the audit log. Fastify resolves it through
 * the trusted proxies only; anything that is not an IP address falls back to the socket's peer.
 */
export function clientAddress(request: FastifyRequest): string {
  const ip = request.ip;
  return isIP(ip) ? ip : (request.socket.remoteAddress ?? 'unknown');
}
