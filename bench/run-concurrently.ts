/**
 * Runs `task(0) ... task(total - 1)` with at most `concurrency` at a time, in index order. Stops
 * starting new tasks once `deadline` (Date.now() ms) has passed. Answers how many were started and
 * how many failed (a failed task is counted, not retried); the first failures' messages are kept.
 */
export async function runConcurrently(
  total: number,
  concurrency: number,
  deadline: number,
  task: (index: number) => Promise<void>,
): Promise<{ started: number; failed: number; firstErrors: string[] }> {
  let next = 0;
  let failed = 0;
  const firstErrors: string[] = [];
  async function lane(): Promise<void> {
    while (next < total && Date.now() < deadline) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failed++;
        if (firstErrors.length < 3) firstErrors.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, lane));
  return { started: next, failed, firstErrors };
}
