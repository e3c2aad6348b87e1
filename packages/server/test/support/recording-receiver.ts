import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly receivedAt: number;
}

/** Decides the answer to one request; may delay it. The default answers 200 at once. */
export type Responder = (request: ReceivedRequest, response: ServerResponse) => void;

export interface RecordingReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Requests whose answer has not been sent yet. */
  inFlight(): number;
  setResponder(responder: Responder): void;
  close(): Promise<void>;
}

export const answerOk: Responder = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json" }).end('{"status":"received"}');
};

/** A real HTTP server on 127.0.0.1 that records every request it gets. */
export async function startRecordingReceiver(responder: Responder = answerOk): Promise<RecordingReceiver> {
  const requests: ReceivedRequest[] = [];
  let current = responder;
  let open = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    open++;
    res.on("close", () => open--);
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
        receivedAt: Date.now(),
      };
      requests.push(request);
      current(request, res);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight: () => open,
    setResponder(next) {
      current = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
