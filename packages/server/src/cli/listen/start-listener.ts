import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isSuccessStatus } from "@voicehire/webhooks";
import {
  type DeliveryReport,
  type ForwardReport,
  formatDeliveryReport,
  type Painter,
} from "./format-delivery.js";
import { createDeliveryForwarder, type DeliveryForwarder } from "./forward-delivery.js";
import { inspectDelivery, isDeliveryHeader } from "./inspect-delivery.js";
import { isListenedPath, type ListenSettings } from "./listen-settings.js";

export interface ListenerDeps {
  /** Where each delivery's block (and each one-line note) goes. */
  readonly print: (text: string) => void;
  readonly now: () => Date;
  readonly paint: Painter;
}

export interface RunningListener {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

type BodyRead =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly tooLarge: boolean };

function readBody(request: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        resolve({ ok: false, tooLarge: true });
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve({ ok: true, body: Buffer.concat(chunks) }));
    request.on("error", () => resolve({ ok: false, tooLarge: false }));
  });
}

/** The delivery headers of a request, name → values in the received casing and order. */
function deliveryHeaders(request: IncomingMessage): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index] as string;
    if (!isDeliveryHeader(name)) continue;
    const existing = [...headers.keys()].find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    headers.set(existing, [...(headers.get(existing) ?? []), raw[index + 1] as string]);
  }
  return headers;
}

function answerJson(
  response: ServerResponse,
  status: number,
  body: string,
  contentType = "application/json",
) {
  response
    .writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) })
    .end(body);
}

/** How the printout names each key, in the order of a check's `secretIndex` (secrets, then public keys). */
function keyLabels(settings: ListenSettings): string[] {
  const secrets = settings.secrets.length;
  return [
    ...settings.secrets.map((_, index) => `secret ${index + 1} of ${secrets}`),
    ...settings.publicKeys.map((key) => `public key ${key.slice(0, 13)}…`),
  ];
}

function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Starts the local development receiver: every POST to the listened path is verified with the SDK,
 * printed as one block, answered (200, or the refusal's status), and, when `forwardTo` is set and the
 * delivery is accepted, passed on byte for byte to the app, whose status is answered instead (502 when
 * it is unreachable, 504 when it does not answer in time).
 */
export async function startListener(settings: ListenSettings, deps: ListenerDeps): Promise<RunningListener> {
  const forwarder: DeliveryForwarder | undefined =
    settings.forwardTo === undefined
      ? undefined
      : createDeliveryForwarder(settings.forwardTo, settings.forwardTimeoutMs);

  async function receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = deps.now();
    const path = request.url ?? "/";
    if (request.method !== "POST" || !isListenedPath(settings.path, path)) {
      const status = request.method !== "POST" ? 405 : 404;
      deps.print(
        deps.paint.dim(
          `-- ${receivedAt.toISOString()}  ${request.method} ${path}: ignored, answered ${status} (deliveries are POSTs to ${settings.path})`,
        ),
      );
      if (status === 405) response.setHeader("allow", "POST");
      return answerJson(
        response,
        status,
        JSON.stringify({ error: { code: "not_a_delivery", message: `POST deliveries to ${settings.path}` } }),
      );
    }
    const read = await readBody(request, settings.maxBodyBytes);
    if (!read.ok) {
      const status = read.tooLarge ? 413 : 400;
      deps.print(
        deps.paint.red(
          `-- ${receivedAt.toISOString()}  POST ${path}: ${read.tooLarge ? `body over ${settings.maxBodyBytes} bytes` : "the body could not be read"}, answered ${status}`,
        ),
      );
      response.setHeader("connection", "close");
      return answerJson(
        response,
        status,
        JSON.stringify({ error: { code: read.tooLarge ? "body_too_large" : "body_read_failed" } }),
      );
    }
    const headers = deliveryHeaders(request);
    const inspection = await inspectDelivery(read.body, request.headers, settings);
    const accepted = isSuccessStatus(inspection.status);
    let forward: ForwardReport = { kind: "not_configured" };
    let answer = { status: inspection.status, body: inspection.answer, contentType: "application/json" };
    if (settings.forwardTo !== undefined && forwarder !== undefined) {
      if (!accepted) forward = { kind: "skipped", target: settings.forwardTo };
      else {
        const outcome = await forwarder.forward(read.body, headers);
        forward = { kind: "done", target: settings.forwardTo, outcome };
        answer =
          outcome.kind === "answered"
            ? {
                status: outcome.status,
                body: outcome.body.toString(),
                contentType: outcome.contentType ?? "text/plain",
              }
            : {
                status: outcome.reason === "timed_out" ? 504 : 502,
                body: JSON.stringify({ error: { code: `app_${outcome.reason}`, message: outcome.message } }),
                contentType: "application/json",
              };
      }
    }
    const report: DeliveryReport = {
      receivedAt,
      path,
      headers,
      inspection,
      keyLabels: keyLabels(settings),
      forward,
      answeredStatus: answer.status,
      answeredBody: answer.body,
    };
    deps.print(formatDeliveryReport(report, read.body.toString("utf8"), deps.paint));
    answerJson(response, answer.status, answer.body, answer.contentType);
  }

  const server = createServer((request, response) => {
    receive(request, response).catch((error: unknown) => {
      deps.print(
        deps.paint.red(
          `voicehire-webhooks: listen failed on a request: ${error instanceof Error ? error.stack : String(error)}`,
        ),
      );
      if (!response.headersSent)
        answerJson(response, 500, JSON.stringify({ error: { code: "listen_failed" } }));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${formatHost(settings.host)}:${port}`,
    close() {
      forwarder?.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
