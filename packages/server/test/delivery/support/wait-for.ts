/**
 * Polls `predicate` until it holds (answers its value) or `timeoutMs` passes (throws, naming `what`).
 * Bounded in time and in rounds; the pause between rounds only yields to the event loop briefly.
 */
export async function waitFor<T>(
  what: string,
  predicate: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 100_000; round++) {
    const value = await predicate();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
