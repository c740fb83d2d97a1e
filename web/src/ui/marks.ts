// Performance marks at the steps a member waits for, read by `npm run bench` (bench/web.ts) and
// visible in the browser's performance tools. They carry no data.

export type Step = 'submitted' | 'derive-start' | 'derive-end' | 'notes-shown';

export function mark(step: Step): void {
  performance.mark(`ilot:${step}`);
}

/** Marks a step once the browser has painted what was just rendered. */
export function markPainted(step: Step): void {
  requestAnimationFrame(() => setTimeout(() => mark(step), 0));
}
