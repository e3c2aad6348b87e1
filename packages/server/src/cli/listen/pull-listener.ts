import { pullEvents } from "@voicehire/webhooks";
import { DEFAULT_API_URL } from "../remote-api.js";
import type { Painter } from "./format-delivery.js";

/** `listen --pull <endpoint>`: the flags it reads besides the endpoint. */
export interface PullListenFlags {
  readonly url?: string;
  readonly apiKey?: string;
  /** A cursor printed by an earlier run: go on after it. */
  readonly after?: string;
}

/** How often an up-to-date reader asks again. */
const POLL_INTERVAL_MS = 1_000;

/**
 * Reads a pull endpoint as a customer's job would (with the SDK's `pullEvents`) and prints each event:
 * a line with its type, id and the cursor to resume after it (`--after`), then its envelope as read.
 * Runs until `signal` aborts; throws when the service refuses (bad key, unknown or push endpoint).
 */
export async function listenToPullEndpoint(
  endpointId: string,
  flags: PullListenFlags,
  deps: { readonly print: (text: string) => void; readonly paint: Painter; readonly signal: AbortSignal },
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const baseUrl = flags.url ?? env.VOICEHIRE_API_URL ?? DEFAULT_API_URL;
  const apiKey = (flags.apiKey ?? env.VOICEHIRE_API_KEY ?? "").trim();
  if (apiKey === "")
    throw new Error("voicehire-webhooks: no API key: pass --api-key <key> or set VOICEHIRE_API_KEY");
  deps.print(`voicehire-webhooks: reading pull endpoint ${endpointId} at ${baseUrl.replace(/\/+$/, "")}`);
  const events = pullEvents({
    baseUrl,
    apiKey,
    endpointId,
    ...(flags.after === undefined ? {} : { cursor: flags.after }),
    pollIntervalMs: POLL_INTERVAL_MS,
    signal: deps.signal,
  });
  for await (const { event, cursor } of events) {
    deps.print(
      `${deps.paint.bold(event.event)} ${event.id} ${deps.paint.dim(`(resume with --after ${cursor})`)}`,
    );
    deps.print(JSON.stringify(event, null, 2));
  }
}
