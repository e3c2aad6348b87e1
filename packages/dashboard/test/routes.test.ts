import { describe, expect, it } from "vitest";
import { apiQueryOf, filtersFromSearch } from "../src/components/delivery-filters";
import { href, matchRoute } from "../src/routing/routes";

describe("dashboard addresses", () => {
  it("map every page path to its view, and anything else to not-found", () => {
    expect(matchRoute("/dashboard")).toEqual({ page: "endpoints" });
    expect(matchRoute("/dashboard/")).toEqual({ page: "endpoints" });
    expect(matchRoute("/dashboard/endpoints/new")).toEqual({ page: "endpoint-new" });
    expect(matchRoute("/dashboard/endpoints/ep_01ABC")).toEqual({ page: "endpoint", id: "ep_01ABC" });
    expect(matchRoute("/dashboard/deliveries")).toEqual({ page: "deliveries" });
    expect(matchRoute("/dashboard/deliveries/dlv_1/")).toEqual({ page: "delivery", id: "dlv_1" });
    expect(matchRoute("/dashboard/monitoring")).toEqual({ page: "monitoring" });
    expect(matchRoute("/dashboard/settings")).toEqual({ page: "settings" });
    expect(matchRoute("/dashboard/events")).toEqual({ page: "catalog" });
    for (const path of [
      "/",
      "/dashboardx",
      "/dashboard/endpoints/a/b",
      "/dashboard/deliveries/<script>",
      "/v1/endpoints",
    ]) {
      expect(matchRoute(path), path).toEqual({ page: "not-found" });
    }
  });

  it("build links with only the filters that are set", () => {
    expect(href("/deliveries", { status: "failed", endpoint_id: undefined, event_type: "" })).toBe(
      "/dashboard/deliveries?status=failed",
    );
    expect(href("/")).toBe("/dashboard/");
  });

  it("turn the log's URL into the API query: the id search goes to the field it names", () => {
    const filters = filtersFromSearch(
      new URLSearchParams("status=failed&search_field=campaign_id&search=abc123&cursor=x&bogus=1"),
    );
    expect(filters).toEqual({ status: "failed", search_field: "campaign_id", search: "abc123" });
    expect(apiQueryOf(filters)).toEqual({ status: "failed", campaign_id: "abc123" });
    expect(apiQueryOf(filtersFromSearch(new URLSearchParams("search=evt_1")))).toEqual({ event_id: "evt_1" });
    expect(filtersFromSearch(new URLSearchParams("search_field=password&search=x"))).toEqual({ search: "x" });
  });
});
