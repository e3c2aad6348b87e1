import type { RawBody } from "../encoding/bytes.js";
import type { WebhookHandler } from "../handler/webhook-handler.js";
import { WebhookVerificationError } from "../verify/webhook-error.js";
import { type NodeResponseLike, sendNodeResponse } from "./node-response.js";
import {
  bodyErrorResponse,
  DEFAULT_MAX_BODY_BYTES,
  errorResponse,
  outcomeToResponse,
} from "./outcome-response.js";
import { type NodeRequestLike, readNodeBody } from "./read-node-body.js";

/** An Express request, structurally: a Node request plus what body parsers may have left on it. */
export interface ExpressRequestLike extends NodeRequestLike {
  /** Set by `express.raw()` (a Buffer), `express.text()` (a string), or `express.json()` (parsed: unusable). */
  readonly body?: unknown;
  /** The raw bytes, when kept by `express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })`. */
  readonly rawBody?: unknown;
  /** body-parser's "I consumed the stream" flag. */
  readonly _body?: boolean;
}

export interface ExpressMiddlewareOptions {
  /** Larger bodies are answered 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

export type ExpressMiddleware = (
  request: ExpressRequestLike,
  response: NodeResponseLike,
  next?: unknown,
) => Promise<void>;

export const ALREADY_PARSED_MESSAGE =
  "the request body was already parsed by a JSON body parser, so the exact bytes the signature covers are gone. " +
  "Fix: mount the webhook route before app.use(express.json()), or give it its own raw parser: " +
  'app.post(path, express.raw({ type: "*/*" }), createExpressMiddleware(webhooks)), or keep the bytes with ' +
  "express.json({ verify: (req, _res, buf) => { req.rawBody = buf; } })";

function isRawBody(value: unknown): value is RawBody {
  return typeof value === "string" || value instanceof Uint8Array;
}

/**
 * Express middleware (`app.post(path, createExpressMiddleware(webhooks))`). Works with no body
 * parser, with `express.raw()` / `express.text()`, and with `express.json({ verify })` keeping
 * `req.rawBody`. After a plain `express.json()` it answers 500 with a message saying how to fix it.
 */
export function createExpressMiddleware(
  webhooks: WebhookHandler,
  options: ExpressMiddlewareOptions = {},
): ExpressMiddleware {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (request, response) => {
    let body: RawBody;
    if (isRawBody(request.rawBody)) body = request.rawBody;
    else if (isRawBody(request.body)) body = request.body;
    else if (request.readableEnded !== true && request._body !== true) {
      const read = await readNodeBody(request, maxBodyBytes);
      if (!read.ok) {
        sendNodeResponse(response, bodyErrorResponse(read.code, maxBodyBytes), true);
        return;
      }
      body = read.bytes;
    } else {
      sendNodeResponse(
        response,
        errorResponse(new WebhookVerificationError("body_already_parsed", ALREADY_PARSED_MESSAGE)),
      );
      return;
    }
    sendNodeResponse(response, outcomeToResponse(await webhooks.handle(body, request.headers)));
  };
}
