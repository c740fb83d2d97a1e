/**
 * How a session runs (PRODUCT.md F). Synced is the preferred one: the browser keeps the perimeter
 * encrypted, the next sign-in fetches only what changed, and offline mode becomes possible.
 */
export const modes = ['synced', 'incognito', 'offline'] as const;
export type Mode = (typeof modes)[number];
export const defaultMode: Mode = 'synced';
