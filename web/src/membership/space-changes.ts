// The live channel is opened by the notes screen; the status banner shows on every screen. What
// the channel says of the space (an operator froze it, posted a notification…) passes through here.

const listeners = new Set<() => void>();

/** Called by the live channel when the space changed. */
export function announceSpaceChange(): void {
  for (const listener of listeners) listener();
}

/** Listens until the returned function is called. */
export function onSpaceChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
