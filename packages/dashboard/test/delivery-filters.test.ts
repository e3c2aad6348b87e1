import { describe, expect, it } from "vitest";
import { apiQueryOf, FAILING, filtersFromSearch } from "../src/components/delivery-filters";

describe("delivery filters", () => {
  it("the failures choice (the banner's 'Voir les échecs') asks the API for failed and failing deliveries", () => {
    const filters = filtersFromSearch(new URLSearchParams({ endpoint_id: "ep_1", status: FAILING }));
    expect(apiQueryOf(filters)).toEqual({ endpoint_id: "ep_1", failing: "true" });
    expect(apiQueryOf({ status: "failed" })).toEqual({ status: "failed" });
  });
});
