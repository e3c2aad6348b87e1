import { concatBytes } from "../encoding/bytes.js";

/** The part of a Node `IncomingMessage` (or Express request) the middleware uses. Structural: no import. */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly readableEnded?: boolean;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  removeAllListeners?(event?: string): unknown;
  resume?(): unknown;
}

export type BodyRead =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly code: "body_too_large" | "body_read_failed" };

const encoder = new TextEncoder();

/** Reads a request stream to its end, up to `maxBytes`; settles once, whatever the stream does. */
export function readNodeBody(request: NodeRequestLike, maxBytes: number): Promise<BodyRead> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume?.();
    return Promise.resolve({ ok: false, code: "body_too_large" });
  }
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    request.on("data", (chunk) => {
      if (settled) return;
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      size += bytes.length;
      if (size > maxBytes) {
        chunks.length = 0;
        settle({ ok: false, code: "body_too_large" });
        return;
      }
      chunks.push(bytes);
    });
    request.on("end", () => settle({ ok: true, bytes: concatBytes(...chunks) }));
    request.on("error", () => settle({ ok: false, code: "body_read_failed" }));
    request.on("close", () => settle({ ok: false, code: "body_read_failed" }));
  });
}
