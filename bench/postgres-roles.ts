import pg from "pg";
import { spawnCli } from "./cli-process.js";
import { waitUntil } from "./wait-until.js";

const START_TIMEOUT_MS = 30_000;

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A `voicehire-webhooks` process of the PostgreSQL phases (`serve --no-workers`, `worker`, `serve`). */
export interface RoleProcess {
  readonly pid: number;
  readonly output: () => string;
  /** CPU time (user + system) used so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Starts `voicehire-webhooks <args>` and waits until its output matches `ready`. */
export async function startRole(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<RoleProcess & { match: RegExpExecArray }> {
  const cli = spawnCli(args, env);
  const matched = () => ready.exec(cli.output());
  await waitUntil(() => matched() !== null || cli.hasExited(), {
    timeoutMs: START_TIMEOUT_MS,
    intervalMs: 20,
  });
  const match = matched();
  if (match === null) {
    cli.kill();
    throw new Error(`bench: voicehire-webhooks ${args[0]} did not start:\n${cli.output()}`);
  }
  return { match, pid: cli.pid, output: cli.output, cpuMs: cli.cpuMs, stop: cli.stop };
}
