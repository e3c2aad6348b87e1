import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleData } from "../api/support/samples.js";
import { closedLoopbackPort } from "../support/closed-port.js";
import { waitFor } from "../support/wait-for.js";
import { BROWSER_SETUP_TIMEOUT_MS } from "./support/browser-lock.js";
import { chromiumAvailability } from "./support/chromium.js";
import { type DashboardHarness, startDashboardHarness } from "./support/dashboard-harness.js";
import { wordsBrokenAcrossLines } from "./support/word-breaks.js";

/**
 * What a user reads of their endpoints' state, in a Chromium whose own locale is en-US while the page
 * is French: why a key is refused at sign-in, an endpoint's recent deliveries (rows open on click or
 * Enter), one compact banner counting failing endpoints and linking to them, a delivery log that never
 * breaks a word at 1,440 px, and dates typed in the page's language. Screenshots go to docs/.
 */
const availability = chromiumAvailability();
const LONG_PATH = "/webhooks/voicehire/production-environment/recruiting-pipeline-notifications";

describe.skipIf(availability.kind === "missing")("endpoint status in the dashboard, in Chromium", () => {
  let h: DashboardHarness;
  let healthyId = "";

  beforeAll(async () => {
    h = await startDashboardHarness({ locale: "en-US" });
  }, BROWSER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
  });

  async function publish(event: string): Promise<string> {
    const answer = await h.api.post("/v1/events", { event, data: sampleData(event) });
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  }

  async function openFromNavigation(name: string): Promise<void> {
    const navigation = h.page.getByRole("navigation", { name: "Navigation principale" });
    await navigation.getByRole("link", { name, exact: true }).click();
  }

  async function deliveriesOf(eventId: string): Promise<{ id: string; status: string }[]> {
    return (await h.api.get(`/v1/deliveries?event_id=${eventId}`)).body.data;
  }

  it("says why a key is refused: the service's reason follows the colon", async () => {
    const { page } = h;
    await page.goto(`${h.server.url}/dashboard/`);
    await page.getByLabel("Clé API").fill("vhk_not_a_key_of_this_service");
    await page.getByRole("button", { name: "Se connecter" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const summary = (await alert.locator("p").first().textContent()) ?? "";
    expect(summary).toContain("Cette clé n’est pas acceptée");
    expect(summary.trim()).toMatch(/Le service a refusé la demande :$/);
    // What follows the colon: the service's reason, naming the field.
    expect((await alert.locator("li").allTextContents()).map((t) => t.replace(/\s+/g, " "))).toEqual([
      "api_key is not a valid API key",
    ]);
    await h.capture("sign-in-error");

    // A refusal without a reason (a proxy in front of the service, say) reads as a whole sentence.
    await page.route("**/dashboard/session", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 401,
            contentType: "application/problem+json",
            body: '{"code":"unauthorized"}',
          })
        : route.continue(),
    );
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect
      .poll(() => alert.locator("p").first().textContent())
      .toContain("Le service a refusé la demande sans en donner la raison.");
    expect(await alert.locator("li").count()).toBe(0);
    expect(await alert.textContent()).not.toContain("undefined");
    await page.unroute("**/dashboard/session");
    // The refused sign-in is a 401 the browser logs as a failed resource: expected here, nothing else.
    expect(h.pageErrors.errors.filter((e) => !e.includes("401"))).toEqual([]);
    h.pageErrors.errors.length = 0;
    await page.getByLabel("Clé API").fill(h.apiKey);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await page.getByRole("heading", { level: 1, name: "Endpoints" }).waitFor();
  });

  it("lists an endpoint's recent deliveries with their outcome; a row opens on click, its link on Enter", async () => {
    const { page, api } = h;
    const types = ["campaign.created", "candidate.interview.completed"];
    const created = await api.post("/v1/endpoints", { url: h.receiver.url, event_types: types });
    healthyId = created.body.id;
    const first = await publish("campaign.created");
    const second = await publish("candidate.interview.completed");
    await waitFor("both deliveries to succeed", async () => {
      const listed = [...(await deliveriesOf(first)), ...(await deliveriesOf(second))];
      return listed.length === 2 && listed.every((d) => d.status === "succeeded");
    });

    await page.goto(`${h.server.url}/dashboard/endpoints/${healthyId}`);
    const recent = page.locator(".recent-deliveries");
    const rows = recent.locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain("candidate.interview.completed");
    expect(await rows.nth(1).textContent()).toContain("campaign.created");
    for (const row of await rows.all()) {
      expect(await row.textContent()).toContain("Réussie");
      expect(await row.textContent()).toContain("HTTP 200");
    }

    await page.getByRole("button", { name: "Tester", exact: true }).click();
    await expect.poll(() => page.locator(".test-result").textContent()).toContain("Succès");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3); // refreshed by itself
    expect(await rows.nth(0).locator(".badge-test").count()).toBe(1);
    await h.capture("endpoint-deliveries");

    const [secondDelivery] = await deliveriesOf(second);
    await rows.nth(1).locator("td").first().click(); // the date cell, not the link
    await page.getByRole("heading", { level: 2, name: "Tentatives" }).waitFor();
    expect(page.url()).toBe(`${h.server.url}/dashboard/deliveries/${secondDelivery?.id}`);

    await page.goBack();
    await expect.poll(() => rows.count()).toBe(3);
    const [firstDelivery] = await deliveriesOf(first);
    await rows.nth(2).getByRole("link").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 2, name: "Tentatives" }).waitFor();
    expect(page.url()).toBe(`${h.server.url}/dashboard/deliveries/${firstDelivery?.id}`);
    expect(h.pageErrors.errors).toEqual([]);
  });

  it("counts failing endpoints in one compact banner linking to them, and keeps the log's words whole", async () => {
    const { page, api } = h;
    for (const name of ["ats", "crm"]) {
      const url = `https://127.0.0.1:${await closedLoopbackPort()}${LONG_PATH}/${name}`;
      const answer = await api.post("/v1/endpoints", {
        url,
        event_types: ["candidate.interview.completed"],
        description: `Refuses every connection (${name})`,
      });
      expect(answer.status).toBe(201);
    }
    const eventId = await publish("candidate.interview.completed");
    await waitFor("the two refused deliveries to fail for good", async () => {
      const listed = await deliveriesOf(eventId);
      return listed.filter((d) => d.status === "failed").length === 2;
    });

    await openFromNavigation("Livraisons");
    const banner = page.getByTestId("health-banner");
    await banner.waitFor();
    expect((await banner.textContent())?.replace(/\s+/g, " ")).toContain(
      "2 endpoints ne reçoivent pas leurs webhooks. Voir les endpoints en échec",
    );
    await page.locator(".deliveries-table tbody tr").first().waitFor();
    const broken = await wordsBrokenAcrossLines(page, ".deliveries-table tbody");
    expect(broken, "no word of the log broken across lines at 1,440 px").toEqual([]);
    const cut = await page
      .locator(".deliveries-table .ellipsis")
      .evaluateAll((spans) => spans.filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.title));
    expect(cut.length, "the long URLs are ellipsized, whole in their tooltip").toBeGreaterThan(0);
    expect(
      cut.every((title) => title.includes(LONG_PATH)),
      `only the long URLs: ${cut.join(" | ")}`,
    ).toBe(true);

    await page.setViewportSize({ width: 375, height: 800 });
    const box = await banner.boundingBox();
    expect(box?.height ?? 0, "the banner stays small on a phone").toBeLessThan(100);
    await h.capture("deliveries-banner");

    await banner.getByRole("link", { name: "Voir les endpoints en échec" }).click();
    await page.getByRole("heading", { level: 1, name: "Endpoints" }).waitFor();
    expect(page.url()).toBe(`${h.server.url}/dashboard/?state=failing`);
    const cards = page.locator(".endpoint-card");
    await expect.poll(() => cards.count()).toBe(2);
    for (const card of await cards.all())
      expect(await card.textContent()).toContain("Refuses every connection");
    await page.getByText("Seuls les 2 endpoints en échec sont affichés.").waitFor();
    expect(await banner.count(), "no banner on the page it links to").toBe(0);
    await h.capture("endpoints-attention");
    await page.getByRole("link", { name: "Afficher tous les endpoints" }).click();
    await expect.poll(() => cards.count()).toBe(3);
    expect(h.pageErrors.errors).toEqual([]);
  });

  it("reads the log's dates in the page's language, not the browser's (en-US here)", async () => {
    const { page } = h;
    await openFromNavigation("Livraisons");
    const since = page.getByLabel("Depuis");
    await page.locator("#filter-since-help").getByText("Format : JJ/MM/AAAA HH:MM").waitFor();
    await since.fill("04/03/2026 10:30"); // 4 March in French, 3 April in the browser's locale
    await page.getByRole("button", { name: "Filtrer" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("since")).toBe("2026-03-04T09:30:00.000Z");
    expect(await page.getByLabel("Depuis").inputValue()).toBe("04/03/2026 10:30");

    const until = page.getByLabel("Jusqu’à");
    await until.fill("31/02/2026");
    expect(await until.getAttribute("aria-invalid")).toBe("true");
    await page.getByText("Date illisible : écrivez-la au format JJ/MM/AAAA HH:MM.").waitFor();
    await page.getByRole("button", { name: "Filtrer" }).click();
    expect(new URL(page.url()).searchParams.get("until"), "an unreadable date is not applied").toBeNull();
    await until.fill("");

    await page.getByRole("button", { name: "EN", exact: true }).click();
    const sinceEn = page.getByLabel("Since");
    await expect.poll(() => sinceEn.inputValue()).toBe("03/04/2026 10:30 AM");
    expect(await page.locator("#filter-since-help").textContent()).toBe("Format: MM/DD/YYYY HH:MM AM");
    await page.getByRole("button", { name: "FR", exact: true }).click();
    expect(h.pageErrors.errors).toEqual([]);
  });
});
