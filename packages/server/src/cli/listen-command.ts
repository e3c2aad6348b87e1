import type { Command } from "commander";
import { createPainter } from "./listen/format-delivery.js";
import {
  DEFAULT_LISTEN_HOST,
  DEFAULT_LISTEN_PORT,
  LISTEN_PUBLIC_KEY_VARIABLE,
  LISTEN_SECRET_VARIABLE,
  type ListenFlags,
  type ListenSettings,
  resolveListenSettings,
} from "./listen/listen-settings.js";
import { listenToPullEndpoint, type PullListenFlags } from "./listen/pull-listener.js";
import { startListener } from "./listen/start-listener.js";
import { DEFAULT_API_URL } from "./remote-api.js";

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function describeSettings(settings: ListenSettings): string[] {
  const count = settings.secrets.length;
  const keys = settings.publicKeys.length;
  return [
    count === 0 && keys === 0
      ? `voicehire-webhooks: no --secret (nor ${LISTEN_SECRET_VARIABLE}): deliveries are printed without verifying their signature (an ed25519 endpoint's: --public-key, or ${LISTEN_PUBLIC_KEY_VARIABLE})`
      : count > 0
        ? `voicehire-webhooks: verifying signatures (X-VoiceHire-Signature or Standard Webhooks) with ${count} secret${count > 1 ? "s" : ""}${keys > 0 ? ` and ${keys} public key${keys > 1 ? "s" : ""}` : ""}`
        : `voicehire-webhooks: verifying v1a signatures (webhook-signature, Ed25519) with ${keys} public key${keys > 1 ? "s" : ""}`,
    ...(settings.forwardTo === undefined
      ? []
      : [`voicehire-webhooks: forwarding verified deliveries to ${settings.forwardTo.href}`]),
  ];
}

export function registerListenCommand(program: Command): void {
  program
    .command("listen")
    .description(
      "a local receiver for development: verifies and prints each delivery, and can forward it to your app",
    )
    .option("-p, --port <port>", `port to listen on, 0 for any free port (default ${DEFAULT_LISTEN_PORT})`)
    .option("--host <host>", `address to listen on (default ${DEFAULT_LISTEN_HOST})`)
    .option("--path <path>", "only accept deliveries to this path and below (default /: every path)")
    .option(
      "--secret <secret>",
      `an endpoint secret to verify with; repeat it for a rotation (default: ${LISTEN_SECRET_VARIABLE})`,
      collect,
    )
    .option(
      "--public-key <whpk_key>",
      `an ed25519 endpoint's public key to verify v1a signatures with; repeat it for a rotation (default: ${LISTEN_PUBLIC_KEY_VARIABLE})`,
      collect,
    )
    .option(
      "--forward-to <url>",
      "POST each verified delivery (same body, same headers) to your app at this URL",
    )
    .option(
      "--pull <endpoint>",
      "instead of listening, read this pull endpoint's events (ep_...) and print them",
    )
    .option("--after <cursor>", "with --pull: go on after this cursor (printed with each event)")
    .option(
      "--url <url>",
      `with --pull: the service's base URL (VOICEHIRE_API_URL, default ${DEFAULT_API_URL})`,
    )
    .option("--api-key <key>", "with --pull: an API key (VOICEHIRE_API_KEY)")
    .action(async (flags: ListenFlags & PullListenFlags & { pull?: string }) => {
      if (flags.pull !== undefined) return pullAndPrint(flags.pull, flags);
      const resolved = resolveListenSettings(flags, process.env);
      if (!resolved.ok) throw new Error(resolved.message);
      const { settings } = resolved;
      const paint = createPainter(process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
      const listener = await startListener(settings, {
        print: (text) => console.log(text),
        now: () => new Date(),
        paint,
      }).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`voicehire-webhooks: cannot listen on ${settings.host}:${settings.port} (${reason})`);
      });
      for (const line of describeSettings(settings)) console.log(line);
      if (settings.path !== "/")
        console.log(`voicehire-webhooks: accepting deliveries to ${settings.path} and below`);
      console.log(`voicehire-webhooks: listening on ${listener.url}`);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        listener.close().then(() => process.exit(0));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
}

async function pullAndPrint(endpointId: string, flags: PullListenFlags): Promise<void> {
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const paint = createPainter(process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
  await listenToPullEndpoint(endpointId, flags, {
    print: (text) => console.log(text),
    paint,
    signal: stop.signal,
  });
}
