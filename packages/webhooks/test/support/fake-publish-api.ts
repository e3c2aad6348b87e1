import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback, type RunningServer } from "./http-server.js";

let server: RunningServer | undefined;

/** Closes the server `fakePublishApi` started (call it after each test). */
export async function stopFakePublishApi(): Promise<void> {
  await server?.close();
  server = undefined;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** A real HTTP server standing in for the VoiceHire API; `answer` decides each response in turn. */
export async function fakePublishApi(answer: (index: number, response: ServerResponse) => void) {
  const received: Received[] = [];
  server = await listenOnLoopback((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      });
      answer(received.length - 1, response);
    });
  });
  return { url: server.url, received };
}

export function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}
