import type { WebhookHandler } from "../handler/webhook-handler.js";
import { DEFAULT_MAX_BODY_BYTES, outcomeToResponse } from "./outcome-response.js";

/** The parts of Fastify the plugin uses. Structural: fastify is never imported. */
export interface FastifyInstanceLike {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    options: { parseAs: "buffer"; bodyLimit: number },
    parser: (request: unknown, body: Uint8Array, done: (error: Error | null, body?: unknown) => void) => void,
  ): unknown;
  post(
    path: string,
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>,
  ): unknown;
}

export interface FastifyRequestLike {
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface FastifyReplyLike {
  code(status: number): FastifyReplyLike;
  header(name: string, value: string): FastifyReplyLike;
  send(payload: string): unknown;
}

export interface FastifyPluginOptions {
  /** The route's path inside the plugin's prefix. Default "/". */
  readonly path?: string;
  /** Larger bodies are answered 413 by Fastify. Default 1 MiB. */
  readonly maxBodyBytes?: number;
}

/**
 * A Fastify plugin: `app.register(createFastifyPlugin(webhooks), { prefix: "/webhooks/voicehire" })`.
 * Inside its own encapsulated context it reads every body as raw bytes (other routes keep their
 * JSON parsing) and registers one POST route.
 */
export function createFastifyPlugin(
  webhooks: WebhookHandler,
  options: FastifyPluginOptions = {},
): (instance: FastifyInstanceLike) => Promise<void> {
  const bodyLimit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async function voiceHireWebhooks(instance) {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    instance.post(options.path ?? "/", async (request, reply) => {
      const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
      const answer = outcomeToResponse(await webhooks.handle(body, request.headers));
      reply.code(answer.status);
      for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
      return reply.send(answer.body);
    });
  };
}
