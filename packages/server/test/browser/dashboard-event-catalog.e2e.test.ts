import { EVENT_TYPES, eventCatalog, failureReasonDescriptions } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROWSER_SETUP_TIMEOUT_MS } from "./support/browser-lock.js";
import { chromiumAvailability } from "./support/chromium.js";
import { type DashboardHarness, startDashboardHarness } from "./support/dashboard-harness.js";
import { wordsBrokenAcrossLines } from "./support/word-breaks.js";

/**
 * The event catalog page in a real Chromium: every type of the SDK's catalog with its description, the
 * fields of its data, and a sample envelope that the copy button puts on the clipboard as shown; then
 * the same page in English. Screenshots: docs/screenshots/catalog-*.png and catalog-en-*.png.
 */
const availability = chromiumAvailability();

describe.skipIf(availability.kind === "missing")("the event catalog page in Chromium", () => {
  let h: DashboardHarness;

  beforeAll(async () => {
    h = await startDashboardHarness();
    await h.signIn();
  }, BROWSER_SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
  });

  it("lists every event type in French with its description, fields and a sample to copy", async () => {
    const { page } = h;
    await h.browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: h.server.url });
    await page.getByRole("link", { name: "Événements", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Catalogue des événements" }).waitFor();
    expect(await page.locator(".catalog-entry").count()).toBe(EVENT_TYPES.length);
    for (const type of EVENT_TYPES) {
      const entry = page.locator(`section[id="${type}"]`);
      const { description, sample, sampleTimestamp } = eventCatalog[type];
      expect(await entry.locator("p").first().textContent()).toBe(description.fr);
      const fields = await entry.locator(".fields-table tbody td:first-child").allTextContents();
      expect(fields.filter((path) => !path.includes("."))).toEqual(Object.keys(sample));
      const shown = JSON.parse((await entry.locator(".code-block").textContent()) ?? "");
      expect(shown).toMatchObject({ event: type, timestamp: sampleTimestamp, data: sample });
      expect(shown.id).toMatch(/^evt_/);
    }
    const failed = page.locator('section[id="candidate.interview.failed"]');
    expect(await failed.textContent()).toContain(failureReasonDescriptions.no_answer.fr);
    const extended = page.locator('section[id="candidate.interview.completed.extended"]');
    expect(await extended.locator(".fields-table").textContent()).toContain("responses[].score");
    expect(await extended.locator(".fields-table").textContent()).toContain("array<object>");

    await failed.getByRole("button", { name: "Copier l’exemple candidate.interview.failed" }).click();
    await failed.getByText("Copié dans le presse-papiers.").waitFor();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(copied).toEqual(JSON.parse((await failed.locator(".code-block").textContent()) ?? ""));
    expect(copied.data).toEqual(eventCatalog["candidate.interview.failed"].sample);

    await page.setViewportSize({ width: 375, height: 900 });
    const names = ".catalog-contents, .catalog-entry h3, .fields-table tbody";
    expect(await wordsBrokenAcrossLines(page, names), "at 375 px, types wrap after a dot only").toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole("link", { name: "credits.low", exact: true }).click();
    expect(page.url()).toMatch(/\/dashboard\/events#credits\.low$/);
    await h.capture("catalog");
    expect(h.pageErrors.errors).toEqual([]);
  });

  it("shows the same catalog in English: descriptions, groups and failure reasons follow the language", async () => {
    const { page } = h;
    await page.getByRole("button", { name: "EN", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Event catalog" }).waitFor();
    for (const type of EVENT_TYPES) {
      const entry = page.locator(`section[id="${type}"]`);
      expect(await entry.locator("p").first().textContent()).toBe(eventCatalog[type].description.en);
    }
    await page.getByRole("heading", { level: 2, name: "Interviews" }).waitFor();
    const failed = await page.locator('section[id="candidate.interview.failed"]').textContent();
    expect(failed).toContain(failureReasonDescriptions.no_answer.en);
    expect(failed).not.toContain(failureReasonDescriptions.no_answer.fr);
    expect(await page.getByRole("navigation", { name: "Main navigation" }).textContent()).toContain("Events");
    await page.evaluate(() => window.scrollTo(0, 0));
    await h.capture("catalog-en");
    await page.getByRole("button", { name: "FR", exact: true }).click();
    expect(h.pageErrors.errors).toEqual([]);
  });
});
