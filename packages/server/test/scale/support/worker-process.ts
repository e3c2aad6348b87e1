import { type CliProcess, startCliProcess } from "../../support/server-process.js";

export interface WorkerProcess extends CliProcess {
  /** The id under which this process leases deliveries (printed at start). */
  readonly workerId: string;
}

/** Starts `voicehire-webhooks worker ...args` and waits until it prints its worker id. */
export async function startWorkerProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<WorkerProcess> {
  const { printed, ...started } = await startCliProcess(
    ["worker", ...args],
    { VOICEHIRE_LOG_LEVEL: "warn", ...env },
    {
      printed: /delivering \(worker ([^)\s]+)\)/,
      waitingFor: "the worker to print its id",
      endedBefore: "the worker exited before delivering",
    },
  );
  return { workerId: printed, ...started };
}
