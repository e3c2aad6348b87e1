import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

const stores = await storesUnderTest("packages/server/test/api/endpoint-ordering.test.ts");

describe.each(stores)("ordering on endpoints and waiting_for on deliveries, on $name", ({ options }) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness(options);
  });
  afterAll(async () => {
    await h?.close();
  });
  const api = () => h.as(h.alice.auth);
  const fieldsOf = (answer: { json(): { errors: { field: string }[] } }) =>
    answer.json().errors.map((e) => e.field);

  it("null by default; candidate or campaign on create and update; anything else is a 422 naming ordering", async () => {
    const plain = await api().post("/v1/endpoints", {
      url: "https://hooks.example.com/plain",
      event_types: ["candidate.added"],
    });
    expect(plain.json().ordering).toBeNull();
    const ordered = await api().post("/v1/endpoints", {
      url: "https://hooks.example.com/ordered",
      event_types: ["candidate.added"],
      ordering: "candidate",
    });
    expect(ordered.statusCode).toBe(201);
    const id = ordered.json().id as string;
    expect((await api().get(`/v1/endpoints/${id}`)).json().ordering).toBe("candidate");
    expect((await api().patch(`/v1/endpoints/${id}`, { ordering: "campaign" })).json().ordering).toBe(
      "campaign",
    );
    expect((await api().patch(`/v1/endpoints/${id}`, { description: "x" })).json().ordering).toBe("campaign");
    expect((await api().patch(`/v1/endpoints/${id}`, { ordering: null })).json().ordering).toBeNull();

    for (const ordering of ["fifo", 1, true, {}]) {
      const refused = await api().post("/v1/endpoints", {
        url: "https://hooks.example.com/bad",
        event_types: ["candidate.added"],
        ordering,
      });
      expect(refused.statusCode, JSON.stringify(ordering)).toBe(422);
      expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(fieldsOf(refused)).toEqual(["ordering"]);
      const patched = await api().patch(`/v1/endpoints/${id}`, { ordering });
      expect(patched.statusCode).toBe(422);
      expect(fieldsOf(patched)).toEqual(["ordering"]);
    }
    expect((await api().get(`/v1/endpoints/${id}`)).json().ordering).toBeNull();
  });

  it("a pull endpoint takes no ordering (it is read in publish order already)", async () => {
    const refused = await api().post("/v1/endpoints", {
      kind: "pull",
      event_types: ["candidate.added"],
      ordering: "candidate",
    });
    expect(refused.statusCode).toBe(422);
    expect(fieldsOf(refused)).toEqual(["ordering"]);
    const pull = await api().post("/v1/endpoints", {
      kind: "pull",
      event_types: ["candidate.added"],
      ordering: null,
    });
    expect(pull.statusCode).toBe(201);
    expect(pull.json().ordering).toBeNull();
    const patched = await api().patch(`/v1/endpoints/${pull.json().id}`, { ordering: "campaign" });
    expect(patched.statusCode).toBe(422);
    expect(fieldsOf(patched)).toEqual(["ordering"]);
  });

  it("a held-back delivery says what it waits for, in the listing and alone; others say null", async () => {
    const created = await api().post("/v1/endpoints", {
      url: "https://hooks.example.com/waits",
      event_types: ["candidate.sourced"],
      ordering: "candidate",
    });
    const endpointId = created.json().id as string;
    const data = { ...sampleData("candidate.sourced"), candidate_id: "cand-42" };
    const first = await api().post("/v1/events", { event: "candidate.sourced", data });
    const second = await api().post("/v1/events", { event: "candidate.sourced", data });
    const other = await api().post("/v1/events", {
      event: "candidate.sourced",
      data: { ...data, candidate_id: "cand-7" },
    });
    const listed = (await api().get(`/v1/deliveries?endpoint_id=${endpointId}`)).json().data as {
      id: string;
      event_id: string;
      next_attempt_at: string | null;
      waiting_for: unknown;
    }[];
    const of = (eventId: string) => listed.find((d) => d.event_id === eventId);
    const head = of(first.json().id);
    expect(head?.waiting_for).toBeNull();
    expect(of(other.json().id)?.waiting_for).toBeNull();
    const held = of(second.json().id);
    expect(held).toMatchObject({
      next_attempt_at: null,
      waiting_for: { delivery_id: head?.id, ordering_key: "cand-42" },
    });
    const alone = await api().get(`/v1/deliveries/${held?.id}`);
    expect(alone.json().waiting_for).toEqual({ delivery_id: head?.id, ordering_key: "cand-42" });
    const byEvent = (await api().get(`/v1/deliveries?event_id=${second.json().id}`)).json().data;
    expect(byEvent[0].waiting_for).toEqual({ delivery_id: head?.id, ordering_key: "cand-42" });
  });
});
