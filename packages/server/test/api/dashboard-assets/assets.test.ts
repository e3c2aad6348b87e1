import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAssetRoutes } from "../../../src/api/dashboard-assets/asset-routes.js";
import { addProblemErrorHandler } from "../../../src/api/error-handler.js";
import { silentLogger } from "../../../src/domain/logger.js";

/** The service serves the dashboard's built files itself, with a strict CSP and cache headers. */
let dir: string;
let app: FastifyInstance;
const SCRIPT = `console.log(${JSON.stringify("x".repeat(4000))});`;
const PAGE =
  '<!doctype html><html lang="fr"><script type="module" src="/dashboard/assets/index-abc123.js"></script></html>';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vh-dashboard-assets-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), PAGE);
  writeFileSync(join(dir, "assets", "index-abc123.js"), SCRIPT);
  writeFileSync(join(dir, "assets", "index-abc123.js.map"), "{}");
  app = Fastify();
  addProblemErrorHandler(app, silentLogger, 1024);
  registerAssetRoutes(app, { dir });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("dashboard assets", () => {
  it("redirects / and /dashboard to /dashboard/", async () => {
    for (const url of ["/", "/dashboard"]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode).toBeGreaterThanOrEqual(301);
      expect(answer.statusCode).toBeLessThan(303);
      expect(answer.headers.location).toBe("/dashboard/");
    }
  });

  it("answers the page for every dashboard path, with a strict Content-Security-Policy and no caching", async () => {
    for (const url of ["/dashboard/", "/dashboard/deliveries", "/dashboard/endpoints/ep_123?x=1"]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(answer.body).toBe(PAGE);
      expect(answer.headers["cache-control"]).toBe("no-cache");
      const csp = String(answer.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(answer.headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("serves hashed assets as immutable, gzipped when the browser accepts it, and answers 304 to a matching ETag", async () => {
    const plain = await app.inject({ url: "/dashboard/assets/index-abc123.js" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);

    const zipped = await app.inject({
      url: "/dashboard/assets/index-abc123.js",
      headers: { "accept-encoding": "gzip, br" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.rawPayload.length).toBeLessThan(SCRIPT.length / 10);
    expect(gunzipSync(zipped.rawPayload).toString("utf8")).toBe(SCRIPT);

    const again = await app.inject({
      url: "/dashboard/assets/index-abc123.js",
      headers: { "if-none-match": String(plain.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });

  it("answers 404 for missing files, source maps, and paths that try to leave the folder", async () => {
    for (const url of [
      "/dashboard/assets/missing.js",
      "/dashboard/assets/index-abc123.js.map",
      "/dashboard/favicon.ico",
      "/dashboard/%2e%2e/%2e%2e/package.json",
      "/dashboard/assets/..%2f..%2findex.html",
    ]) {
      const answer = await app.inject({ url });
      expect(answer.statusCode, url).toBe(404);
      expect(answer.body).not.toContain("<html");
    }
  });

  it("says how to build the page when it is not built", async () => {
    const bare = Fastify();
    registerAssetRoutes(bare, { dir: join(dir, "nowhere") });
    const answer = await bare.inject({ url: "/dashboard/" });
    expect(answer.statusCode).toBe(503);
    expect(answer.body).toContain("npm run build");
    await bare.close();
  });
});
