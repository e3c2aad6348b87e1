import { setTimeout as delay } from "node:timers/promises";

export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Look again after this long. Default 50 ms. */
  readonly intervalMs?: number;
}

/**
 * Polls `check` until it answers true or the deadline passes (bounded in time, and so in count).
 * Answers whether the condition was met.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  options: WaitOptions,
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}
