export type { VoiceHireEvent, WebhookEnvelope } from "./catalog/envelope.js";
export {
  EVENT_GROUPS,
  type EventCatalog,
  type EventCatalogEntry,
  type EventGroup,
  eventCatalog,
  eventGroupTitles,
} from "./catalog/event-catalog.js";
export {
  type CampaignCreatedData,
  type CampaignStatusChangedData,
  type CandidateAddedData,
  type CandidateInterviewCompletedData,
  type CandidateInterviewCompletedExtendedData,
  type CandidateInterviewFailedData,
  type CandidateInterviewStartedData,
  type CandidateSourcedData,
  type CreditsDepletedData,
  type CreditsLowData,
  type EventDataMap,
  FAILURE_REASONS,
  type FailureReason,
  type InterviewResponse,
} from "./catalog/event-data.js";
export { EVENT_TYPES, type EventType, isEventType } from "./catalog/event-types.js";
export { failureReasonDescriptions } from "./catalog/failure-reasons.js";
export type { LocalizedText } from "./catalog/localized-text.js";
export { validateEventData } from "./catalog/validate-event-data.js";
export type { RawBody } from "./encoding/bytes.js";
export {
  createMemoryDedupStore,
  DEFAULT_DEDUP_TTL_MS,
  type DedupClaim,
  type DedupStore,
  type MemoryDedupStore,
  type MemoryDedupStoreOptions,
} from "./handler/dedup-store.js";
export {
  createMemoryOrderStore,
  createOrderTracker,
  type OrderCheck,
  type OrderStore,
  type OrderTracker,
  type OrderTrackerOptions,
  orderingKeyOf,
} from "./handler/order-tracker.js";
export {
  createWebhookHandler,
  type EventHandler,
  type EventOf,
  type HandleOutcome,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from "./handler/webhook-handler.js";
export {
  createExpressMiddleware,
  type ExpressMiddleware,
  type ExpressMiddlewareOptions,
  type ExpressRequestLike,
} from "./middleware/express-middleware.js";
export {
  createFastifyPlugin,
  type FastifyInstanceLike,
  type FastifyPluginOptions,
  type FastifyReplyLike,
  type FastifyRequestLike,
} from "./middleware/fastify-plugin.js";
export {
  createNodeMiddleware,
  type NodeMiddleware,
  type NodeMiddlewareOptions,
} from "./middleware/node-middleware.js";
export type { NodeResponseLike } from "./middleware/node-response.js";
export { outcomeToResponse, type WebhookResponse } from "./middleware/outcome-response.js";
export type { NodeRequestLike } from "./middleware/read-node-body.js";
export { createWebHandler, type WebHandler, type WebHandlerOptions } from "./middleware/web-handler.js";
export { type BatchEvent, type BatchItemResult, MAX_BATCH_EVENTS } from "./publisher/batch-events.js";
export {
  DERIVED_EVENT_TYPES,
  type DerivedEventType,
  isPublishableEventType,
  PUBLISHABLE_EVENT_TYPES,
  type PublishableEventType,
  type PublishDataMap,
  type PublishedInterviewCompletedData,
  publishDataSchema,
  validatePublishData,
} from "./publisher/publishable-events.js";
export {
  createPublisher,
  type FetchLike,
  type InvalidBeforeSending,
  type PublishBatchResult,
  type Publisher,
  type PublisherOptions,
  type PublishOptions,
  type PublishResult,
  type ReportCreditsOptions,
  type SendOutcome,
} from "./publisher/publisher.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./publisher/retry-policy.js";
export { type PullEventsOptions, type PulledEvent, type PullFetch, pullEvents } from "./pull/pull-events.js";
export { isPlainObject } from "./schema/is-plain-object.js";
export type {
  ArraySchema,
  BooleanSchema,
  JsonSchema,
  NumberSchema,
  ObjectSchema,
  StringFormat,
  StringSchema,
} from "./schema/json-schema.js";
export { type ValidationIssue, validateJson } from "./schema/validate-json.js";
export type { Ed25519PublicKey } from "./signing/ed25519-public-key.js";
export type { SigningSecrets, WebhookKey, WebhookSecrets } from "./signing/secrets.js";
export { type StandardSignatureInput, signStandardWebhooks, signVoiceHire } from "./signing/sign.js";
export {
  buildSignedDelivery,
  type SignedDelivery,
  type SignedDeliveryInput,
} from "./testing/build-signed-delivery.js";
export {
  type ConstructEventOptions,
  constructEvent,
  verifyWebhook,
  type WebhookVerification,
} from "./verify/construct-event.js";
export type { HeadersLike } from "./verify/headers-like.js";
export {
  type SignatureScheme,
  type SignatureVerification,
  type VerifyOptions,
  verifySignature,
} from "./verify/verify-signature.js";
export {
  isWebhookVerificationError,
  WEBHOOK_ERROR_CODES,
  type WebhookErrorCode,
  WebhookVerificationError,
} from "./verify/webhook-error.js";
export { HEADER_NAMES } from "./wire/header-names.js";
export { isSuccessStatus } from "./wire/success-status.js";
