import type { FastifyInstance, LightMyRequestResponse } from "fastify";

type Answer = Promise<LightMyRequestResponse>;

/** Requests to the in-process API, all sent with the same headers (a bearer key, an admin key, a cookie). */
export interface HeaderRequests {
  get(url: string): Answer;
  post(url: string, payload?: object): Answer;
  patch(url: string, payload: object): Answer;
  put(url: string, payload?: object): Answer;
  delete(url: string): Answer;
  /** Sends `body` exactly as given under `contentType`: an empty, malformed or non-JSON body. */
  raw(method: "POST" | "PATCH" | "PUT", url: string, contentType: string, body: string): Answer;
}

export function requestsWith(app: FastifyInstance, headers: Record<string, string>): HeaderRequests {
  const withBody = (method: "POST" | "PATCH" | "PUT", url: string, payload: object | undefined) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  return {
    get: (url) => app.inject({ method: "GET", url, headers }),
    post: (url, payload) => withBody("POST", url, payload),
    patch: (url, payload) => withBody("PATCH", url, payload),
    put: (url, payload) => withBody("PUT", url, payload),
    delete: (url) => app.inject({ method: "DELETE", url, headers }),
    raw: (method, url, contentType, body) =>
      app.inject({ method, url, headers: { ...headers, "content-type": contentType }, payload: body }),
  };
}
