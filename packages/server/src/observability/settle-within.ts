/** How a bounded wait ended: a value, an error, or the deadline. */
export type Settled<T> =
  | { readonly kind: "done"; readonly value: T }
  | { readonly kind: "failed"; readonly error: unknown }
  | { readonly kind: "timed_out" };

/**
 * Waits for `work` at most `timeoutMs` (a probe of a store whose server is gone may hang until the
 * connection times out: a health check must answer before that). The timer never keeps the process up.
 */
export async function settleWithin<T>(work: () => Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timed_out" }), timeoutMs);
    timer.unref();
  });
  const settled = Promise.resolve()
    .then(work)
    .then(
      (value): Settled<T> => ({ kind: "done", value }),
      (error: unknown): Settled<T> => ({ kind: "failed", error }),
    );
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeFailure(
  settled: Exclude<Settled<unknown>, { kind: "done" }>,
  timeoutMs: number,
): string {
  if (settled.kind === "timed_out") return `no answer within ${timeoutMs} ms`;
  return settled.error instanceof Error ? settled.error.message : String(settled.error);
}
