import type { Command } from "commander";
import { parseDuration } from "../config/durations.js";
import { connectRemoteApi, RemoteApiError, type RemoteOptions, remoteOptions } from "./remote-api.js";

/**
 * `voicehire-webhooks recover --endpoint <id> --since <time> [--until <time>]`: asks a running service to
 * re-queue every failed delivery of the endpoint whose event happened in the window
 * (`POST /v1/endpoints/{id}/recover`), then follows it (`GET /v1/recoveries/{id}`) with a progress bar
 * on stderr until it is done. Times are ISO 8601, or a duration ago (`24h`, `7d`).
 */
export interface RecoveryProgress {
  readonly recovery_id: string;
  readonly total: number;
  readonly requeued: number;
  readonly status: "running" | "done";
}

interface RecoverOptions extends RemoteOptions {
  endpoint: string;
  since: string;
  until?: string;
  timeout: string;
}

const POLL_INTERVAL_MS = 250;
const BAR_WIDTH = 30;

/** `2024-01-15T10:00:00Z` as is; `24h` → that long before `now`. */
export function parseTimeOption(name: string, value: string, now: number): string {
  const ago = parseDuration(value);
  if (ago !== undefined && /[a-z]$/i.test(value.trim())) return new Date(now - ago).toISOString();
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new RemoteApiError(
      `--${name} must be an ISO 8601 time (2024-01-15T10:00:00Z) or a duration ago (24h, 7d), got "${value}"`,
    );
  }
  return new Date(time).toISOString();
}

/** `[███████░░░] 70% 7/10 re-queued` */
export function progressBar(progress: Pick<RecoveryProgress, "total" | "requeued">): string {
  const ratio = progress.total === 0 ? 1 : Math.min(1, progress.requeued / progress.total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
  return `[${bar}] ${String(Math.round(ratio * 100)).padStart(3)}% ${progress.requeued}/${progress.total} re-queued`;
}

function isProgress(value: unknown): value is RecoveryProgress {
  const v = value as Partial<RecoveryProgress> | null;
  return (
    typeof v?.recovery_id === "string" &&
    typeof v.total === "number" &&
    typeof v.requeued === "number" &&
    typeof v.status === "string"
  );
}

export interface ProgressOutput {
  readonly isTTY: boolean;
  write(text: string): void;
}

export async function runRecover(
  options: RecoverOptions,
  stderr: ProgressOutput = {
    isTTY: process.stderr.isTTY === true,
    write: (text) => process.stderr.write(text),
  },
  print: (line: string) => void = (line) => console.log(line),
): Promise<RecoveryProgress> {
  const timeoutMs = parseDuration(options.timeout);
  if (timeoutMs === undefined || timeoutMs <= 0)
    throw new RemoteApiError(`--timeout must be a duration like 10m, got "${options.timeout}"`);
  const now = Date.now();
  const window = {
    since: parseTimeOption("since", options.since, now),
    ...(options.until === undefined ? {} : { until: parseTimeOption("until", options.until, now) }),
  };
  const api = connectRemoteApi(options);
  const started = await api.post(`/v1/endpoints/${encodeURIComponent(options.endpoint)}/recover`, window);
  if (!isProgress(started))
    throw new RemoteApiError(`the service answered an unexpected recovery: ${JSON.stringify(started)}`);

  let progress = started;
  let shown = "";
  const show = (final: boolean) => {
    const line = progressBar(progress);
    if (stderr.isTTY) stderr.write(`\r${line}${final ? "\n" : ""}`);
    else if (line !== shown) stderr.write(`${line}\n`);
    shown = line;
  };
  show(progress.status === "done");
  const deadline = Date.now() + timeoutMs;
  while (progress.status !== "done") {
    if (Date.now() > deadline) {
      if (stderr.isTTY) stderr.write("\n");
      throw new RemoteApiError(
        `recovery ${progress.recovery_id} still running after ${options.timeout}: follow it with GET /v1/recoveries/${progress.recovery_id}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const next = await api.get(`/v1/recoveries/${encodeURIComponent(progress.recovery_id)}`);
    if (!isProgress(next))
      throw new RemoteApiError(`the service answered an unexpected recovery: ${JSON.stringify(next)}`);
    progress = next;
    show(progress.status === "done");
  }
  print(
    `recovery ${progress.recovery_id}: ${progress.requeued} of ${progress.total} failed deliveries of ${options.endpoint} re-queued`,
  );
  return progress;
}

export function registerRecoverCommand(program: Command): void {
  remoteOptions(
    program
      .command("recover")
      .description("re-queue the failed deliveries of an endpoint in a time window, with a progress bar")
      .requiredOption("--endpoint <id>", "the endpoint (ep_...)")
      .requiredOption("--since <time>", "window start: ISO 8601, or a duration ago (24h, 7d)")
      .option("--until <time>", "window end (default now): ISO 8601, or a duration ago")
      .option("--timeout <duration>", "give up following after this long", "30m"),
  ).action(async (options: RecoverOptions) => {
    await runRecover(options);
  });
}
