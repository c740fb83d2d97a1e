/**
 * Runs `step(0)` … `step(count - 1)`, `lanes` of them at once: each step is a few short waits on
 * the disk, which one at a time would spend mostly waiting. At a failure the other lanes take no
 * new step; it is thrown once the steps under way are over, so that none runs on behind the caller.
 */
export async function inLanes(count: number, lanes: number, step: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    try {
      for (let i = next++; i < count; i = next++) await step(i);
    } catch (error) {
      next = count;
      throw error;
    }
  };
  const ends = await Promise.allSettled(Array.from({ length: Math.min(lanes, count) }, lane));
  const failed = ends.find((end) => end.status === 'rejected');
  if (failed) throw failed.reason;
}
