import { mkdtempSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeSelfSignedCert } from "../../delivery/support/self-signed-cert.js";

/**
 * A customer's receiver over real HTTPS on 127.0.0.1, with a self-signed certificate made by the
 * openssl CLI. The service trusts it through NODE_EXTRA_CA_CERTS=`certFile` (Node reads it at start,
 * and undici's TLS connections use Node's default trust store, which includes it).
 */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpsReceiver {
  readonly url: string;
  readonly certFile: string;
  readonly received: ReceivedWebhook[];
  /** The status the receiver answers from now on (200 by default). */
  answerWith(status: number): void;
  close(): Promise<void>;
}

export async function startHttpsReceiver(): Promise<HttpsReceiver> {
  const dir = mkdtempSync(join(tmpdir(), "vh-https-receiver-"));
  const { key, cert } = makeSelfSignedCert(dir);
  const certFile = join(dir, "receiver-ca.pem");
  writeFileSync(certFile, cert);
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server: Server = createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "/",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const ok = status >= 200 && status < 300;
      response
        .writeHead(status, { "content-type": "application/json" })
        .end(ok ? '{"status":"received"}' : '{"error":"receiver is down for maintenance"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/webhooks/voicehire`,
    certFile,
    received,
    answerWith(next) {
      status = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
