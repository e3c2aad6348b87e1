import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleData } from "../api/support/samples.js";
import { BROWSER_SETUP_TIMEOUT_MS } from "./support/browser-lock.js";
import { chromiumAvailability } from "./support/chromium.js";
import { type DashboardHarness, startDashboardHarness } from "./support/dashboard-harness.js";

/** Pull endpoints in Chromium: created without URL, their page shows the backlog and last read, no Tester nor secret. */
const availability = chromiumAvailability();

describe.skipIf(availability.kind === "missing")("a pull endpoint in the dashboard, in Chromium", () => {
  let h: DashboardHarness;

  beforeAll(async () => {
    h = await startDashboardHarness();
  }, BROWSER_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await h?.close();
  });

  it("shows its backlog after the last confirmed cursor and when it was last read", async () => {
    const created = await h.api.post("/v1/endpoints", { kind: "pull", event_types: ["campaign.created"] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let i = 0; i < 3; i++) await h.publish("campaign.created", sampleData("campaign.created"));
    const first = await h.api.get(`/v1/endpoints/${id}/events?limit=1`);
    await h.api.get(`/v1/endpoints/${id}/events?limit=1&after=${first.body.next_cursor}`);

    await h.signIn();
    await h.page.goto(`${h.server.url}/dashboard/endpoints/${id}`);
    const panel = h.page.getByTestId("pull-backlog");
    await panel.getByText("2 événements en attente").waitFor();
    expect(await panel.textContent()).toContain("Dernière lecture :");
    expect(await h.page.getByRole("heading", { level: 1 }).textContent()).toContain(id);
    expect(await h.page.getByRole("heading", { name: "Secret de signature" }).count()).toBe(0);
    expect(await h.page.getByLabel("URL", { exact: false }).count()).toBe(0);
    h.expectNoPageErrors();
  });

  it("creates a pull endpoint: no URL nor secret to give, straight to its page", async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/dashboard/`);
    await page.getByRole("link", { name: "Ajouter un endpoint" }).click();
    await page.getByRole("checkbox", { name: /^Endpoint en lecture \(pull\)/ }).check();
    expect(await page.getByLabel("URL de l’endpoint").count()).toBe(0);
    await page.getByRole("checkbox", { name: "Tous les événements « Campagnes »" }).check();
    await page.getByRole("button", { name: "Créer l’endpoint" }).click();
    await page.getByTestId("pull-backlog").getByText("Jamais lu pour l’instant.").waitFor();
    const endpoints = (await h.api.get("/v1/endpoints")).body.data as { kind: string; url: string | null }[];
    expect(endpoints.filter((e) => e.kind === "pull").map((e) => e.url)).toEqual([null, null]);
    h.expectNoPageErrors();
  });
});
