import { createRequire } from "node:module";

/** The few members of an ioredis client the bench uses (BullMQ takes the instance as its connection). */
export interface RedisClientLike {
  quit(): Promise<unknown>;
  disconnect(): void;
  ping(): Promise<string>;
}
type RedisConstructor = new (options: Record<string, unknown>) => RedisClientLike;

export type IoredisLoad =
  | {
      readonly kind: "loaded";
      readonly connect: (host: string, port: number) => RedisClientLike;
      readonly from: string;
    }
  | { readonly kind: "missing"; readonly reason: string };

const MODULE_NAME = "ioredis";

function constructorOf(module: unknown): RedisConstructor {
  const candidate = (module as { default?: unknown }).default ?? module;
  return candidate as RedisConstructor;
}

/**
 * Loads ioredis, BullMQ's Redis driver (an optional peer dependency of bullmq 6, so it may be absent):
 * from the workspace first, then through Node's CommonJS resolution, which also looks in NODE_PATH.
 * BullMQ's ESM build cannot `require` it itself, so the bench constructs the clients and hands them over.
 */
export async function loadIoredis(): Promise<IoredisLoad> {
  let Redis: RedisConstructor | undefined;
  let from = "workspace";
  try {
    Redis = constructorOf(await import(MODULE_NAME));
  } catch {
    try {
      const require = createRequire(import.meta.url);
      from = require.resolve(MODULE_NAME);
      Redis = constructorOf(require(MODULE_NAME));
    } catch {
      return {
        kind: "missing",
        reason:
          "ioredis is not installed (bullmq 6 declares it as an optional peer): add it as a devDependency " +
          "(npm i -D ioredis@5.11.1) or point NODE_PATH at a node_modules folder that has it",
      };
    }
  }
  const Constructor = Redis;
  return {
    kind: "loaded",
    from,
    connect: (host, port) => new Constructor({ host, port, maxRetriesPerRequest: null, lazyConnect: false }),
  };
}
