import pg from "pg";
import { CONNECT_TIMEOUT_MS, clientConfig } from "./connection.js";
import { notifyChannel } from "./notify-channel.js";

export interface ListenForWorkOptions {
  readonly connectionString: string;
  /** The store's schema (default `public`): only its notifications wake this listener. */
  readonly schema?: string;
  /** Called when work was published or released; also after a reconnection (notices may have been missed). */
  readonly onWake: () => void;
  /** Called when the connection is lost (it is re-opened) or cannot be opened again. */
  readonly onError?: (error: Error) => void;
  /** Called once the connection is open and listening again after a loss (just before `onWake`). */
  readonly onReconnected?: () => void;
  /** First delay before reconnecting, doubled up to `maxReconnectDelayMs`. Default 100 ms. */
  readonly reconnectDelayMs?: number;
  /**
   * Default 1 s: once the server is back, listening resumes within about this long (a longer delay
   * would leave workers deaf to NOTIFY, waiting for their poll, long after the outage).
   */
  readonly maxReconnectDelayMs?: number;
}

export interface WorkListener {
  /**
   * One round trip on the listening connection (a health check): resolves once every notification
   * committed before the call has been handed to `onWake`; rejects while the connection is down.
   */
  ping(): Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/**
 * Holds one dedicated connection that LISTENs on `notifyChannel`, for workers in other processes than
 * the publisher. Resolves once listening, so anything published afterwards wakes it. A lost connection
 * is re-opened with a growing delay; workers should still poll now and then (`nextDueAt`), since a
 * notification sent while reconnecting is lost.
 */
export async function listenForWork(options: ListenForWorkOptions): Promise<WorkListener> {
  const schema = options.schema ?? "public";
  const firstDelay = options.reconnectDelayMs ?? 100;
  const maxDelay = options.maxReconnectDelayMs ?? 1_000;
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = firstDelay;

  const report = (error: unknown) => {
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({
      // Named so operators (and tests) can find the listening session in pg_stat_activity.
      ...clientConfig(
        { connectionString: options.connectionString, schema },
        `voicehire-webhooks listen ${schema}`,
      ),
      keepAlive: true,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    next.on("notification", (message) => {
      if (message.channel === notifyChannel && message.payload === schema) options.onWake();
    });
    const ignoreWhileConnecting = () => {};
    next.on("error", ignoreWhileConnecting);
    try {
      await next.connect();
      await next.query(`LISTEN ${notifyChannel}`);
    } catch (error) {
      next.removeAllListeners("notification");
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    next.off("error", ignoreWhileConnecting);
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      next.removeAllListeners("notification");
      next.on("error", () => {});
      if (client === next) client = undefined;
      if (closed) return;
      report(error ?? new Error("voicehire-webhooks: the LISTEN connection ended"));
      next.end().catch(() => {});
      scheduleReconnect();
    };
    next.on("error", onLost);
    next.on("end", () => onLost());
    client = next;
  }

  function scheduleReconnect(): void {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (closed) return;
      connect().then(
        () => {
          delay = firstDelay;
          if (closed) return;
          options.onReconnected?.();
          options.onWake();
        },
        (error: unknown) => {
          report(error);
          delay = Math.min(delay * 2, maxDelay);
          if (!closed) scheduleReconnect();
        },
      );
    }, delay);
  }

  await connect();
  return {
    async ping() {
      if (client === undefined) {
        throw new Error("voicehire-webhooks: the LISTEN connection is down (reconnecting)");
      }
      await client.query("SELECT 1");
    },
    async close() {
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      if (current) await current.end().catch(() => {});
    },
  };
}
