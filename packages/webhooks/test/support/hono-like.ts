/**
 * A minimal Hono-like app (hono is not installed here): `new Hono()`, `app.post(path, (c) => ...)`
 * with `c.req.raw` the Web `Request`, and `app.fetch` / `app.request` as Hono has them.
 */
type Context = { req: { raw: Request } };
type RouteHandler = (c: Context) => Response | Promise<Response>;

export class Hono {
  readonly #routes: { path: string; handler: RouteHandler }[] = [];

  post(path: string, handler: RouteHandler): this {
    this.#routes.push({ path, handler });
    return this;
  }

  fetch = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const route = this.#routes.find((candidate) => request.method === "POST" && candidate.path === pathname);
    return route === undefined
      ? new Response("Not Found", { status: 404 })
      : route.handler({ req: { raw: request } });
  };

  request(path: string, init: RequestInit): Promise<Response> {
    return this.fetch(new Request(new URL(path, "http://localhost"), init));
  }
}
