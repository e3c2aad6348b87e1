import type { WebhookHandler } from "../handler/webhook-handler.js";
import { type NodeResponseLike, sendNodeResponse } from "./node-response.js";
import { bodyErrorResponse, DEFAULT_MAX_BODY_BYTES, outcomeToResponse } from "./outcome-response.js";
import { type NodeRequestLike, readNodeBody } from "./read-node-body.js";

export interface NodeMiddlewareOptions {
  /** Only requests to this path (query string ignored) are handled; others go to `next`, or get 404. */
  readonly path?: string;
  /** Larger bodies are answered 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export type NodeMiddleware = (
  request: NodeRequestLike,
  response: NodeResponseLike,
  next?: () => void,
) => Promise<void>;

const METHOD_NOT_ALLOWED = {
  status: 405,
  headers: { "content-type": "application/json; charset=utf-8", allow: "POST" },
  body: JSON.stringify({ error: { code: "method_not_allowed", message: "@voicehire/webhooks: use POST" } }),
};

const NOT_FOUND = {
  status: 404,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify({
    error: { code: "not_found", message: "@voicehire/webhooks: no webhook endpoint here" },
  }),
};

/**
 * A `node:http` request listener (also usable as Connect-style middleware): reads the raw body,
 * verifies, deduplicates, dispatches, and answers. Use it as `createServer(createNodeMiddleware(webhooks))`.
 */
export function createNodeMiddleware(
  webhooks: WebhookHandler,
  options: NodeMiddlewareOptions = {},
): NodeMiddleware {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response, next) => {
    const pathname = (request.url ?? "/").split("?")[0];
    if (options.path !== undefined && pathname !== options.path) {
      if (next !== undefined) next();
      else sendNodeResponse(response, NOT_FOUND);
      return;
    }
    if (request.method !== "POST") {
      sendNodeResponse(response, METHOD_NOT_ALLOWED);
      return;
    }
    const body = await readNodeBody(request, maxBodyBytes);
    if (!body.ok) {
      sendNodeResponse(response, bodyErrorResponse(body.code, maxBodyBytes), true);
      return;
    }
    sendNodeResponse(response, outcomeToResponse(await webhooks.handle(body.bytes, request.headers)));
  };
}
