import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback, type RunningServer } from "./http-server.js";

/** A Web-standard app (Hono's `app.fetch`, Next.js route handlers...). */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

function readAll(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on("error", reject);
  });
}

async function toWebRequest(request: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    headers.append(request.rawHeaders[index] as string, request.rawHeaders[index + 1] as string);
  }
  const method = request.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? null : await readAll(request);
  return new Request(new URL(request.url ?? "/", origin), { method, headers, body });
}

async function answer(
  handler: FetchHandler,
  request: IncomingMessage,
  response: ServerResponse,
  origin: string,
) {
  try {
    const reply = await handler(await toWebRequest(request, origin));
    response.statusCode = reply.status;
    reply.headers.forEach((value, name) => {
      if (name !== "set-cookie") response.setHeader(name, value);
    });
    const cookies = reply.headers.getSetCookie();
    if (cookies.length > 0) response.setHeader("set-cookie", cookies);
    response.end(Buffer.from(await reply.arrayBuffer()));
  } catch (error) {
    response.statusCode = 500;
    response.end(`fetch-server: ${String(error)}`);
  }
}

/**
 * Serves a `fetch(Request) => Response` app over a real node:http server on 127.0.0.1: each Node
 * request becomes a Web `Request` (raw headers and body bytes as received), the `Response` is written back.
 * Stands in for @hono/node-server (not installed), not for the framework.
 */
export async function listenFetchOnLoopback(handler: FetchHandler): Promise<RunningServer> {
  let origin = "http://127.0.0.1";
  const server = await listenOnLoopback((request, response) => {
    void answer(handler, request, response, origin);
  });
  origin = server.url;
  return server;
}
