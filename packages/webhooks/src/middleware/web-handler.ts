import { concatBytes } from "../encoding/bytes.js";
import type { WebhookHandler } from "../handler/webhook-handler.js";
import {
  bodyErrorResponse,
  DEFAULT_MAX_BODY_BYTES,
  outcomeToResponse,
  type WebhookResponse,
} from "./outcome-response.js";

export interface WebHandlerOptions {
  /** Larger bodies are answered 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export type WebHandler = (request: Request) => Promise<Response>;

function toResponse(answer: WebhookResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

async function readBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | "body_too_large" | "body_read_failed"> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return "body_too_large";
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return concatBytes(...chunks);
      size += value.length;
      if (size > maxBytes) {
        await Promise.allSettled([reader.cancel()]);
        return "body_too_large";
      }
      chunks.push(value);
    }
  } catch {
    return "body_read_failed";
  }
}

/**
 * A Web-standard handler, `(Request) => Promise<Response>`: a Next.js App Router route
 * (`export const POST = createWebHandler(webhooks)`), Hono (`(c) => handler(c.req.raw)`), Deno,
 * Bun, Cloudflare Workers.
 */
export function createWebHandler(webhooks: WebhookHandler, options: WebHandlerOptions = {}): WebHandler {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request) => {
    if (request.method !== "POST") {
      const body = JSON.stringify({
        error: { code: "method_not_allowed", message: "@voicehire/webhooks: use POST" },
      });
      return new Response(body, {
        status: 405,
        headers: { "content-type": "application/json; charset=utf-8", allow: "POST" },
      });
    }
    const body = await readBody(request, maxBodyBytes);
    if (typeof body === "string") return toResponse(bodyErrorResponse(body, maxBodyBytes));
    return toResponse(outcomeToResponse(await webhooks.handle(body, request.headers)));
  };
}
