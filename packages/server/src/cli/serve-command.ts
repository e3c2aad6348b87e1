import type { Command } from "commander";
import { createLogger, lifecycleLogLevel } from "../app/create-logger.js";
import { startService } from "../app/start-service.js";
import { type ConfigFlags, resolveServiceConfig, type ServiceConfig } from "../config/service-config.js";
import type { Logger } from "../domain/logger.js";
import { CliError } from "./cli-error.js";

interface ServeOptions {
  dev?: boolean;
  host?: string;
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  workers?: boolean;
  metricsPort?: string;
}

/** A port someone else holds: the operator's mistake, told in one line (nothing was created yet). */
function explainStartFailure(error: unknown, config: ServiceConfig): unknown {
  if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") return error;
  const port = config.runApi ? config.port : config.metricsPort;
  const setting = config.runApi ? "--port (VOICEHIRE_PORT)" : "--metrics-port";
  return new CliError(`port ${port} on ${config.host} is already in use; choose another ${setting}`);
}

function stopOnSignals(started: Promise<{ stop(): Promise<void> }>, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal} received, finishing in-flight deliveries...`);
    started
      .then((service) => service.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ error: error instanceof Error ? error.message : String(error) }, "could not stop");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

async function run(flags: ConfigFlags): Promise<void> {
  const config = resolveServiceConfig(
    { ...flags, stdoutIsTerminal: process.stdout.isTTY === true },
    process.env,
  );
  const pretty = config.logFormat === "pretty";
  const logger = createLogger(config.logLevel, { pretty });
  const lifecycle = createLogger(lifecycleLogLevel(config.logLevel), { pretty });
  // Handlers go in before the service starts: a signal during start-up stops it once it is up.
  const started = startService(config, { logger, print: (line) => lifecycle.info({}, line) });
  stopOnSignals(started, lifecycle);
  try {
    await started;
  } catch (error) {
    throw explainStartFailure(error, config);
  }
}

export function registerServeCommands(program: Command): void {
  program
    .command("serve")
    .description("run the HTTP API, the dashboard and (unless --no-workers) the delivery workers")
    .option("--dev", "development mode: plain-HTTP and private endpoint URLs, a dev account and key")
    .option("--data-dir <dir>", "where the embedded store lives, created if missing (VOICEHIRE_DATA_DIR)")
    .option("--database-url <url>", "use PostgreSQL instead of the embedded store (DATABASE_URL)")
    .option("--host <host>", "address to listen on (VOICEHIRE_HOST)")
    .option(
      "-p, --port <port>",
      "port to listen on, 0 for any free port (VOICEHIRE_PORT, PORT; default 8787)",
    )
    .option("--no-workers", "do not deliver in this process (run `worker` processes instead)")
    .action(async (options: ServeOptions) => {
      await run({ ...pickDefined(options), api: true });
    });

  program
    .command("worker")
    .description(
      "run delivery workers only, beside `serve` processes sharing one PostgreSQL database; " +
        "needs --database-url (or DATABASE_URL) and the API's VOICEHIRE_MASTER_KEY (or --dev)",
    )
    .option("--database-url <url>", "the PostgreSQL database the API uses (DATABASE_URL)")
    .option(
      "--dev",
      "development mode: deliver to plain-HTTP and private addresses, and read the master key " +
        "that `serve --dev` created in --data-dir instead of VOICEHIRE_MASTER_KEY",
    )
    .option(
      "--data-dir <dir>",
      "with --dev only: the data folder of the `serve --dev` process (its master.key)",
    )
    .option("--host <host>", "address of the --metrics-port listener (VOICEHIRE_HOST; default 0.0.0.0)")
    .option("--metrics-port <port>", "serve GET /metrics (Prometheus) on this port, 0 for any free port")
    .action(async (options: ServeOptions) => {
      await run({ ...pickDefined(options), api: false, workers: true });
    });
}

/** Commander leaves unset options `undefined`; the config resolver wants them absent. */
function pickDefined(options: ServeOptions): ConfigFlags {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as ConfigFlags;
}
