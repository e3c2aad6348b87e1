import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import type { ApiHarness } from "./api-harness.js";
import { sampleData } from "./samples.js";

/** Requests as Alice (the harness's first account), for the tests of deliveries, their log and recoveries. */
export interface AliceRequests {
  /** Creates an endpoint subscribed to `types`; answers its id. */
  createEndpoint(types?: string[]): Promise<string>;
  /** Publishes a `candidate.added` event (202 expected); answers its id. */
  publishCandidate(campaignId: string, candidateId: string, timestamp?: string): Promise<string>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse>;
}

/** `harness` answers the current test's harness (one per test, started in `beforeEach`). */
export function aliceRequests(harness: () => ApiHarness): AliceRequests {
  return {
    async createEndpoint(types = ["candidate.added", "campaign.created"]) {
      const h = harness();
      const answer = await h.app.inject({
        method: "POST",
        url: "/v1/endpoints",
        headers: h.alice.auth,
        payload: { url: "https://hooks.example.com/in", event_types: types },
      });
      return answer.json().id as string;
    },
    async publishCandidate(campaignId, candidateId, timestamp) {
      const h = harness();
      const data = { ...sampleData("candidate.added"), campaign_id: campaignId, candidate_id: candidateId };
      const answer = await h.app.inject({
        method: "POST",
        url: "/v1/events",
        headers: h.alice.auth,
        payload: { event: "candidate.added", data, ...(timestamp === undefined ? {} : { timestamp }) },
      });
      expect(answer.statusCode).toBe(202);
      return answer.json().id as string;
    },
    get: (url) => harness().app.inject({ method: "GET", url, headers: harness().alice.auth }),
    post: (url, payload) =>
      harness().app.inject({
        method: "POST",
        url,
        headers: harness().alice.auth,
        ...(payload === undefined ? {} : { payload }),
      }),
  };
}
