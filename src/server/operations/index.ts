import type { AnyOperation } from '../pipeline/operation.js';
import { ping } from './site/ping.js';

/** Every operation the server exposes, each at POST /api/ops/<name>. */
export const operations: AnyOperation[] = [ping];
