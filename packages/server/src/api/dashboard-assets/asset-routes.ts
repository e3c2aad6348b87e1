import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { problem, sendProblem } from "../problem.js";
import { type DashboardAsset, type DashboardAssets, loadDashboardAssets } from "./dashboard-assets.js";

/**
 * GET /dashboard/… serves the built page: files under /dashboard/assets/ by name, every other path
 * the page itself (index.html: the page routes on the client). GET / and GET /dashboard redirect to
 * /dashboard/. The HTML carries a strict Content-Security-Policy: only this origin's scripts, styles
 * and API.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers["accept-encoding"];
  return typeof header === "string" && /\bgzip\b/i.test(header);
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: DashboardAsset, isPage: boolean) {
  reply
    .header("content-type", asset.contentType)
    .header("etag", asset.etag)
    .header("x-content-type-options", "nosniff")
    .header("vary", "accept-encoding")
    .header("cache-control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (isPage) {
    reply
      .header("content-security-policy", CONTENT_SECURITY_POLICY)
      .header("referrer-policy", "no-referrer")
      .header("x-frame-options", "DENY");
  }
  if (request.headers["if-none-match"] === asset.etag) return reply.code(304).send();
  if (asset.gzipped !== null && acceptsGzip(request)) {
    return reply.header("content-encoding", "gzip").send(asset.gzipped);
  }
  return reply.send(asset.body);
}

const NOT_BUILT_PAGE = (dir: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>VoiceHire Webhooks</title>` +
  `<p>The dashboard is not built (no ${dir.replace(/[<>&]/g, "")}index.html): run <code>npm run build</code>.</p></html>`;

export function registerAssetRoutes(app: FastifyInstance, options: { readonly dir?: string } = {}): void {
  let loading: Promise<DashboardAssets> | undefined;
  // Read on first use (not at start): most API processes and tests never serve the page.
  const assets = () => {
    loading ??= loadDashboardAssets(options.dir);
    return loading;
  };

  app.get("/", async (_request, reply) => reply.redirect("/dashboard/", 302));
  app.get("/dashboard", async (_request, reply) => reply.redirect("/dashboard/", 301));

  app.get<{ Params: { "*": string } }>("/dashboard/*", async (request, reply) => {
    const loaded = await assets();
    if (loaded.kind === "missing") {
      return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE(loaded.dir));
    }
    const path = `/${request.params["*"]}`;
    const file = path === "/index.html" ? undefined : loaded.files.get(path);
    if (file !== undefined) return sendAsset(request, reply, file, false);
    // A missing file (it has an extension, or lives under assets/) is a 404, not the page.
    if (path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(path)) {
      return sendProblem(reply, problem(404, "not_found", `no dashboard file ${path}`));
    }
    const page = loaded.files.get("/index.html");
    if (page === undefined) return sendProblem(reply, problem(404, "not_found", "no dashboard page"));
    return sendAsset(request, reply, page, true);
  });
}
