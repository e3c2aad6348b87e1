import type { FastifyReply, FastifyRequest, RouteGenericInterface } from "fastify";
import { type Failure, isFailure } from "../services/outcomes.js";
import type { Page } from "../services/page-query.js";
import { accountOf } from "./authentication.js";
import {
  conflictProblem,
  emptyBodyProblem,
  fieldProblem,
  notFoundProblem,
  type Problem,
  sendProblem,
  validationProblem,
} from "./problem.js";

/**
 * A route is a use case and an answer: the handler runs the use case, answers any failure with its
 * problem document, and hands every other outcome to `answer`. Routes stay thin and every failure
 * answers the same way everywhere.
 */
export function useCaseRoute<R extends RouteGenericInterface, O extends { readonly kind: string }>(
  run: (request: FastifyRequest<R>) => Promise<O>,
  answer: (reply: FastifyReply, outcome: Exclude<O, Failure>) => FastifyReply | Promise<FastifyReply>,
): (request: FastifyRequest<R>, reply: FastifyReply) => Promise<FastifyReply> {
  return async (request, reply) => {
    const outcome = await run(request);
    if (isFailure(outcome)) return sendProblem(reply, failureProblem(outcome));
    return answer(reply, outcome as Exclude<O, Failure>);
  };
}

/** The routes on one resource: `/…/:id`. */
export interface IdRoute extends RouteGenericInterface {
  readonly Params: { readonly id: string };
}

/** `/…/:id` on one of the account's resources: the use case gets the account and the id. */
export function ownedResourceRoute<O extends { readonly kind: string }>(
  run: (accountId: string, id: string) => Promise<O>,
  answer: (reply: FastifyReply, outcome: Exclude<O, Failure>) => FastifyReply | Promise<FastifyReply>,
) {
  return useCaseRoute<IdRoute, O>((request) => run(accountOf(request).id, request.params.id), answer);
}

/** A listing of the account's resources: `{ data, next_cursor }`, each item in its representation. */
export function accountListingRoute<T>(
  list: (accountId: string, query: unknown) => Promise<Page<T> | Failure>,
  view: (item: T) => unknown,
) {
  return useCaseRoute((request) => list(accountOf(request).id, request.query), pageAnswer(view));
}

/** What a request on `/v1/endpoints/:id/…` asks of the account's endpoint, its body untouched. */
export function endpointRequest(request: FastifyRequest<IdRoute>) {
  return { accountId: accountOf(request).id, endpointId: request.params.id, body: request.body };
}

export function failureProblem(failure: Failure): Problem {
  switch (failure.kind) {
    case "invalid":
      return validationProblem(failure);
    case "not_found":
      return notFoundProblem(failure);
    case "conflict":
      return conflictProblem(failure);
    case "empty_body":
      return emptyBodyProblem();
    case "forbidden":
      return fieldProblem(403, "forbidden", failure.field, failure.message);
  }
}

/** A listing's answer: `{ data, next_cursor }`, each item in its representation. */
export function pageAnswer<T>(view: (item: T) => unknown) {
  return (reply: FastifyReply, page: Page<T>): FastifyReply =>
    reply.send({ data: page.items.map(view), next_cursor: page.nextCursor });
}
