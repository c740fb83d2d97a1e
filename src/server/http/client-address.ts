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

/** The key that groups an address's requests: IPv6 addresses by /64, as one host usually holds a whole /64. */
export function addressGroup(address: string): string {
  if (isIP(address) !== 6 || address.startsWith('::ffff:')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
