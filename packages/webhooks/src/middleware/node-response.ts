import type { WebhookResponse } from "./outcome-response.js";

/** The part of a Node `ServerResponse` (or Express response) the middleware uses. Structural: no import. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** Writes an answer; `close` asks the client to drop the connection (the rest of its body is unread). */
export function sendNodeResponse(response: NodeResponseLike, answer: WebhookResponse, close = false): void {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (close) response.setHeader("connection", "close");
  response.end(answer.body);
}
