import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A minimal Express-like app (express is not installed here): `app.use`, `app.post(path, ...handlers)`
 * and body parsers that behave like body-parser's (`req.body`, `req._body`, the `verify` hook; a
 * parser whose type does not match leaves the stream unread and `req.body` = {} as Express 4 does).
 */
type Request = IncomingMessage & { body?: unknown; rawBody?: unknown; _body?: boolean };
type Next = (error?: unknown) => void;
// biome-ignore lint/suspicious/noExplicitAny: handlers are typed by the middleware under test.
type Handler = (request: any, response: any, next: Next) => unknown;

function readAll(request: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parser(
  matches: (contentType: string) => boolean,
  parse: (buffer: Buffer, request: Request, response: ServerResponse) => unknown,
): Handler {
  return (request: Request, response: ServerResponse, next: Next) => {
    if (!matches(request.headers["content-type"] ?? "")) {
      request.body ??= {};
      next();
      return;
    }
    readAll(request).then((buffer) => {
      request._body = true;
      request.body = parse(buffer, request, response);
      next();
    }, next);
  };
}

export interface ExpressLikeApp {
  (request: IncomingMessage, response: ServerResponse): void;
  use(handler: Handler): void;
  post(path: string, ...handlers: Handler[]): void;
  listen(port: number, host: string, callback: () => void): Server;
}

function express(): ExpressLikeApp {
  // One stack in registration order, as Express runs it: `use` layers match every path.
  const layers: { path: string | null; handlers: Handler[] }[] = [];
  const app = ((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    const matching = layers.filter(
      (layer) => layer.path === null || (request.method === "POST" && layer.path === path),
    );
    const chain = matching.some((layer) => layer.path !== null)
      ? matching.flatMap((layer) => layer.handlers)
      : [];
    let index = 0;
    const next: Next = (error) => {
      if (error !== undefined) {
        response.statusCode = 500;
        response.end("express-like: error");
        return;
      }
      const handler = chain[index++];
      if (handler === undefined) {
        response.statusCode = 404;
        response.end();
        return;
      }
      Promise.resolve(handler(request, response, next)).catch(next);
    };
    next();
  }) as ExpressLikeApp;
  app.use = (handler) => layers.push({ path: null, handlers: [handler] });
  app.post = (path, ...handlers) => layers.push({ path, handlers });
  app.listen = (port, host, callback) => createServer(app).listen(port, host, callback);
  return app;
}

express.json = (
  options: { verify?: (request: Request, response: ServerResponse, buffer: Buffer) => void } = {},
): Handler =>
  parser(
    (type) => type.includes("json"),
    (buffer, request, response) => {
      options.verify?.(request, response, buffer);
      return JSON.parse(buffer.toString("utf8"));
    },
  );
express.raw = (options: { type?: string } = {}): Handler =>
  parser(
    (type) => options.type === "*/*" || type.includes("octet-stream"),
    (buffer) => buffer,
  );
express.text = (options: { type?: string } = {}): Handler =>
  parser(
    (type) => options.type === "*/*" || type.startsWith("text/"),
    (buffer) => buffer.toString("utf8"),
  );

export default express;
