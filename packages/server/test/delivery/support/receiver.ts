import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** One request as the receiver saw it: raw header names as sent, exact body bytes. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  /** Header name (lowercase) → value. */
  readonly headers: Readonly<Record<string, string>>;
  /** Header names with the casing they had on the wire. */
  readonly rawHeaderNames: readonly string[];
  readonly body: Buffer;
  readonly receivedAt: number;
  /** The client's port: one per connection, so equal ports mean a reused (keep-alive) connection. */
  readonly remotePort: number;
}

export type ReceiverHandler = (request: ReceivedRequest, response: ServerResponse) => void | Promise<void>;

export interface TestReceiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

function toReceived(message: IncomingMessage, body: Buffer): ReceivedRequest {
  const headers: Record<string, string> = {};
  const rawHeaderNames: string[] = [];
  for (let i = 0; i < message.rawHeaders.length; i += 2) {
    const name = message.rawHeaders[i] ?? "";
    rawHeaderNames.push(name);
    headers[name.toLowerCase()] = message.rawHeaders[i + 1] ?? "";
  }
  return {
    method: message.method ?? "",
    path: message.url ?? "",
    headers,
    rawHeaderNames,
    body,
    receivedAt: Date.now(),
    remotePort: message.socket.remotePort ?? 0,
  };
}

/** A loopback HTTP (or HTTPS with `tls`) server that records every request and answers with `handler`. */
export async function startReceiver(
  handler: ReceiverHandler,
  tls?: { readonly key: string; readonly cert: string },
): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const onRequest = (message: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("end", () => {
      const received = toReceived(message, Buffer.concat(chunks));
      requests.push(received);
      Promise.resolve(handler(received, response)).catch(() => response.destroy());
    });
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with `body` (default: an empty body). */
export function answer(status: number, body = "", headers: Record<string, string> = {}): ReceiverHandler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}
