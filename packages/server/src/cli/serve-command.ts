import type { Command } from "commander";
import { createLogger } from "../app/create-logger.js";
import { startService } from "../app/start-service.js";
import { type ConfigFlags, resolveServiceConfig } from "../config/service-config.js";

interface ServeOptions {
  dev?: boolean;
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  workers?: boolean;
}

function addSharedOptions(command: Command): Command {
  return command
    .option("--dev", "development mode: plain-HTTP and private endpoint URLs, a dev account and key")
    .option("--data-dir <dir>", "where the embedded store lives (VOICEHIRE_DATA_DIR)", undefined)
    .option("--database-url <url>", "use PostgreSQL instead of the embedded store (DATABASE_URL)");
}

async function run(flags: ConfigFlags): Promise<void> {
  const config = resolveServiceConfig(flags, process.env);
  const logger = createLogger(config.logLevel);
  // Handlers go in before the service starts: a signal during start-up stops it once it is up.
  let stopping = false;
  let started: ReturnType<typeof startService> | undefined;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`voicehire-webhooks: ${signal} received, finishing in-flight deliveries...`);
    (started ?? Promise.reject(new Error("voicehire-webhooks: stopped before starting")))
      .then((service) => service.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  started = startService(config, { logger, print: (line) => console.log(line) });
  await started;
}

export function registerServeCommands(program: Command): void {
  addSharedOptions(
    program
      .command("serve")
      .description("run the HTTP API and (unless --no-workers) the delivery workers")
      .option("--host <host>", "address to listen on (VOICEHIRE_HOST)")
      .option(
        "-p, --port <port>",
        "port to listen on, 0 for any free port (VOICEHIRE_PORT, PORT; default 8787)",
      )
      .option("--no-workers", "do not deliver in this process (run `worker` processes instead)"),
  ).action(async (options: ServeOptions) => {
    await run({ ...pickDefined(options), api: true });
  });

  addSharedOptions(
    program.command("worker").description("run delivery workers only (no HTTP API); needs --database-url"),
  ).action(async (options: ServeOptions) => {
    await run({ ...pickDefined(options), api: false, workers: true });
  });
}

/** Commander leaves unset options `undefined`; the config resolver wants them absent. */
function pickDefined(options: ServeOptions): ConfigFlags {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as ConfigFlags;
}
