import {
  createEndpointRequestSchema,
  updateEndpointRequestSchema,
} from "../../../services/endpoints/endpoint-fields.js";
import {
  rotateSecretRequestSchema,
  setSecretRequestSchema,
} from "../../../services/endpoints/endpoint-secrets.js";
import { testEndpointRequestSchema } from "../../../services/endpoints/test-endpoint.js";
import { arrayOf, nullable, object, ref, text, time } from "../doc-schemas.js";
import { resourceReadDoc } from "../resource-read-doc.js";
import type { RouteDoc } from "../route-doc.js";

/** Endpoints, their secrets, the "Tester" and their statistics (routes/endpoints-routes.ts, endpoint-*-routes.ts, stats-routes.ts). */
const endpointId = { id: "The endpoint's id (`ep_...`)." };
const noStore = { "Cache-Control": "`no-store`: the answer holds a secret." };

export const endpointRouteDocs: readonly RouteDoc[] = [
  {
    method: "POST",
    path: "/v1/endpoints",
    operationId: "createEndpoint",
    tag: "Endpoints",
    summary: "Create an endpoint",
    description:
      'The URL must be HTTPS (development mode also takes plain HTTP and local addresses). Signed by default: give a `secret`, or leave it out and one is generated (`vhsec_...`) and shown in this answer only. Only `"secret": null` creates an unsigned endpoint. With `"kind": "pull"` and no `url` (nor secret), nothing is sent: the events are kept for you to read with GET /v1/endpoints/{id}/events.',
    access: "account",
    body: createEndpointRequestSchema,
    responses: [
      {
        status: 201,
        description: "The endpoint, with the generated `secret` unless one was given or `secret` was null.",
        schema: ref("EndpointWithSecret"),
        headers: { Location: "The endpoint's path." },
      },
    ],
  },
  {
    method: "GET",
    path: "/v1/endpoints",
    operationId: "listEndpoints",
    tag: "Endpoints",
    summary: "List the endpoints",
    description: "Oldest first.",
    access: "account",
    responses: [
      { status: 200, description: "Every endpoint.", schema: object({ data: arrayOf(ref("Endpoint")) }) },
    ],
  },
  resourceReadDoc({
    path: "/v1/endpoints/{id}",
    operationId: "getEndpoint",
    tag: "Endpoints",
    summary: "Read an endpoint",
    id: endpointId.id,
    answer: "The endpoint.",
    schema: ref("Endpoint"),
  }),
  {
    method: "PATCH",
    path: "/v1/endpoints/{id}",
    operationId: "updateEndpoint",
    tag: "Endpoints",
    summary: "Change an endpoint",
    description:
      "Only the given fields change. `enabled: false` disables it, `true` enables it again; `secret: null` stops signing; `metadata` replaces the whole object.",
    access: "account",
    pathParams: endpointId,
    body: updateEndpointRequestSchema,
    responses: [{ status: 200, description: "The endpoint as changed.", schema: ref("EndpointWithSecret") }],
  },
  {
    method: "DELETE",
    path: "/v1/endpoints/{id}",
    operationId: "deleteEndpoint",
    tag: "Endpoints",
    summary: "Delete an endpoint",
    description: "Its pending deliveries fail and are never attempted again; its delivery log stays.",
    access: "account",
    pathParams: endpointId,
    responses: [{ status: 204, description: "Deleted." }],
  },
  resourceReadDoc({
    path: "/v1/endpoints/{id}/secret",
    operationId: "revealEndpointSecret",
    tag: "Endpoints",
    summary: "Reveal an endpoint's secret",
    id: endpointId.id,
    answer: "The secret.",
    schema: ref("Secret"),
    headers: noStore,
  }),
  {
    method: "PUT",
    path: "/v1/endpoints/{id}/secret",
    operationId: "setEndpointSecret",
    tag: "Endpoints",
    summary: "Replace an endpoint's secret now",
    description:
      "`{ secret }` (null stops signing) or `{ generate: true }`. No grace period: receivers holding the old secret reject deliveries from now on. To change it without a miss, rotate it instead.",
    access: "account",
    pathParams: endpointId,
    body: setSecretRequestSchema,
    responses: [{ status: 200, description: "The new secret.", schema: ref("Secret"), headers: noStore }],
  },
  {
    method: "POST",
    path: "/v1/endpoints/{id}/secret/rotate",
    operationId: "rotateEndpointSecret",
    tag: "Endpoints",
    summary: "Rotate an endpoint's secret with a grace period",
    description:
      "Until `previous_expires_at`, deliveries carry a signature for each secret (`webhook-signature` lists both, newest first; `X-VoiceHire-Signature` uses the new one). Add the new secret to your receiver first, then drop the old one after the grace period. The body may be omitted.",
    access: "account",
    pathParams: endpointId,
    body: rotateSecretRequestSchema,
    bodyOptional: true,
    responses: [
      {
        status: 200,
        description: "The new secret.",
        headers: noStore,
        schema: object({
          secret: text("The new secret."),
          previous_expires_at: nullable(
            time("When the previous secret stops signing; null when there was none."),
          ),
        }),
      },
      {
        status: 409,
        description: "`conflict`: too many rotations are still in their grace period.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
  {
    method: "POST",
    path: "/v1/endpoints/{id}/test",
    operationId: "testEndpoint",
    tag: "Endpoints",
    summary: 'Send a test delivery now (the "Tester")',
    description:
      'Sends the documentation\'s sample of `event_type`, signed, marked as a test (`"test": true` in the envelope, header `X-VoiceHire-Test: true`), and answers its outcome. It is logged as a delivery with `test: true` and never retried. A failed test is a 200 with `succeeded: false`.',
    access: "account",
    pathParams: endpointId,
    body: testEndpointRequestSchema,
    responses: [
      { status: 200, description: "The outcome.", schema: ref("TestOutcome") },
      {
        status: 503,
        description:
          "`service_unavailable`: this process sends no deliveries (API-only); `storage_full` (with `Retry-After`), as for publishes: the store is short of room to record the test, so nothing was sent.",
        contentType: "application/problem+json",
        schema: ref("Problem"),
      },
    ],
  },
  resourceReadDoc({
    path: "/v1/endpoints/{id}/stats",
    operationId: "getEndpointStats",
    tag: "Statistics",
    summary: "An endpoint's delivery statistics",
    description:
      "Attempts and success rate over the last hour and day (tests left out), last success and failure, state.",
    id: endpointId.id,
    answer: "The statistics.",
    schema: ref("EndpointStats"),
  }),
];
