import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";

/** A loopback server misbehaving on purpose, counting what reached it. */
export interface FaultServer {
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted (a refused or never-attempted connection is not one). */
  readonly connections: () => number;
  /** Requests whose headers arrived, with the time they did. */
  readonly requests: { readonly path: string; readonly receivedAt: number }[];
  /** Bytes the server pushed into its sockets (read by the client or buffered by the kernel). */
  readonly bytesWritten: () => number;
  /** Connections still open. */
  readonly openConnections: () => number;
  close(): Promise<void>;
}

export type FaultHandler = (request: IncomingMessage, response: ServerResponse) => void;

export async function startFaultServer(
  handler: FaultHandler,
  tls?: { readonly key: string; readonly cert: string },
): Promise<FaultServer> {
  const requests: { path: string; receivedAt: number }[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let closedBytes = 0;
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    requests.push({ path: request.url ?? "", receivedAt: Date.now() });
    request.resume(); // read and drop the delivery's body
    handler(request, response);
  };
  const server: Server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  const onSocket = (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => {
      closedBytes += socket.bytesWritten;
      sockets.delete(socket);
    });
  };
  // For TLS, count raw TCP connections (a failed handshake never becomes a secure connection).
  server.on("connection", onSocket);
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    requests,
    bytesWritten: () => closedBytes + [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `totalBytes` of filler in 64 KB chunks, waiting for `drain` (never buffering it all). */
export function streamFiller(response: ServerResponse, totalBytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const pump = () => {
    while (sent < totalBytes && !response.destroyed) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once("drain", pump);
    }
    if (!response.destroyed) response.end();
  };
  response.on("error", () => {});
  pump();
}
