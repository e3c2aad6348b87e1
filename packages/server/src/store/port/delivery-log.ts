import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  EpochMs,
  EventRecord,
} from "../../domain/types.js";

/** Reading back what was published, delivered and attempted. */
export interface DeliveryLogStore {
  getEvent(accountId: string, eventId: string): Promise<EventRecord | undefined>;
  /** The account's events, newest first, `limit` at most, strictly older than `beforeId` when given. */
  listEvents(accountId: string, query: EventQuery): Promise<EventRecord[]>;
  getDelivery(accountId: string, deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Newest first, `limit` at most, strictly older than `beforeId` when given (cursor). */
  listDeliveries(accountId: string, query: DeliveryQuery): Promise<DeliveryRecord[]>;
  /** Oldest first. */
  listAttempts(accountId: string, deliveryId: string): Promise<AttemptRecord[]>;
}

export interface EventQuery {
  readonly limit: number;
  readonly beforeId?: string;
  readonly type?: string;
}

export interface DeliveryQuery {
  readonly limit: number;
  readonly beforeId?: string;
  readonly endpointId?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly status?: DeliveryStatus;
  /** Only failed deliveries and pending ones whose last attempt failed (true), or only the others (false). */
  readonly failing?: boolean;
  /** Deliveries whose event carries this `data.campaign_id` / `data.candidate_id`. */
  readonly campaignId?: string;
  readonly candidateId?: string;
  /** Deliveries created at or after / strictly before these times. */
  readonly createdSince?: EpochMs;
  readonly createdUntil?: EpochMs;
  /** Only test deliveries (true) or only real ones (false). */
  readonly test?: boolean;
}
